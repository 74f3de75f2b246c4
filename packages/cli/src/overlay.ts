import { rgb } from 'd3-color';
import { interpolateTurbo } from 'd3-scale-chromatic';
import { PNG } from 'pngjs';
import type { RgbImage } from './image.js';
import { writeFileAtomic } from './output.js';

// 256-entry lookup table of the Turbo colormap (perceptually ordered, readable where jet is not).
const LUT = Array.from({ length: 256 }, (_, i) => {
  const c = rgb(interpolateTurbo(i / 255));
  return [c.r, c.g, c.b] as const;
});

/**
 * Writes `image` with `map` (values in [0,1], same height×width as the image) blended on top as a Turbo heat map,
 * half and half, as pytorch-grad-cam's `show_cam_on_image` does with its colormap.
 */
export async function writeOverlayPng(path: string, image: RgbImage, map: Float32Array, alpha = 0.5): Promise<void> {
  const png = new PNG({ width: image.width, height: image.height });
  for (let i = 0; i < image.width * image.height; i++) {
    const v = Math.min(1, Math.max(0, map[i]!));
    const [r, g, b] = LUT[Math.round(v * 255)]!;
    const a = alpha;
    png.data[i * 4] = Math.round(image.data[i * 3]! * (1 - a) + r * a);
    png.data[i * 4 + 1] = Math.round(image.data[i * 3 + 1]! * (1 - a) + g * a);
    png.data[i * 4 + 2] = Math.round(image.data[i * 3 + 2]! * (1 - a) + b * a);
    png.data[i * 4 + 3] = 255;
  }
  await writeFileAtomic(path, PNG.sync.write(png));
}
