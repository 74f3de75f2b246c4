import { encodePng, turboOverlay } from '@saliency/study';
import type { RgbImage } from './image.js';
import { writeFileAtomic } from '@saliency/core/node';

/**
 * Writes `image` with `map` (values in [0,1], same height×width as the image) blended on top as a Turbo heat map,
 * half and half, as pytorch-grad-cam's `show_cam_on_image` does with its colormap (the report's grids use the same).
 */
export async function writeOverlayPng(path: string, image: RgbImage, map: Float32Array, alpha = 0.5): Promise<void> {
  await writeFileAtomic(path, encodePng(turboOverlay(image.data, map, alpha), image.width, image.height));
}
