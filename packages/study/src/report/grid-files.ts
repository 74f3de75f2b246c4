import { join } from 'node:path';
import { cleanMap, selectTop, topKCount, type TieOrder } from '@saliency/metrics';
import { encodePng } from '../data/decode.js';
import { writeFileAtomic } from '@saliency/core/node';
import { maskImage, turboOverlay } from './colormap.js';

/** `cam/grad-cam` → `cam_grad-cam`: a method id as a file-name part. */
export const slug = (id: string): string => id.replace(/[^A-Za-z0-9._-]/g, '_');

/** Where the grid pictures of one image live, relative to the run folder. */
export const gridFile = (model: string, position: number, what: string): string => join('grid', slug(model), `${position}-${what}.png`);

/**
 * Writes one image's grid pictures as PNG files in the run folder (so a resumed run still has the pictures of
 * batches done before the interruption): the original, and per method the top-1 and top-2 map overlays and the
 * top-k% pixels of the top-1 map (the K pixels the agreement counts).
 */
export async function writeGridImages(outDir: string, model: string, position: number, rgb: Uint8Array, h: number, w: number, maps: ReadonlyMap<string, { top1: Float32Array; top2?: Float32Array }>, kPercent: number, tieOrder: TieOrder): Promise<void> {
  const png = (name: string, data: Uint8Array) => writeFileAtomic(join(outDir, gridFile(model, position, name)), encodePng(data, w, h));
  await png('original', rgb);
  for (const [id, m] of maps) {
    await png(`${slug(id)}-top1`, turboOverlay(rgb, m.top1));
    if (m.top2) await png(`${slug(id)}-top2`, turboOverlay(rgb, m.top2));
    const keep = selectTop(cleanMap(m.top1), Math.max(1, topKCount(kPercent, h * w)), tieOrder);
    await png(`${slug(id)}-masked`, maskImage(rgb, keep));
  }
}
