import { stat } from 'node:fs/promises';
import { SaliencyError, type DatasetSample } from '@saliency/core';
import type { Preprocessing } from './preprocess.js';
import { applyPreprocessing } from './preprocess.js';

/**
 * The `preprocessing` option every first-party dataset source takes. `null` (the default) gives pixel/255 at the
 * image's own size; the study runner fills it in from the model's preprocessing (see `injectPreprocessing`).
 */
export const preprocessingOptionSchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['resizeShortSide', 'crop', 'size', 'antialias', 'scale', 'mean', 'std'],
  properties: {
    resizeShortSide: { type: ['integer', 'null'], minimum: 1 },
    crop: { type: ['array', 'null'], minItems: 2, maxItems: 2, items: { type: 'integer', minimum: 1 } },
    size: { type: ['array', 'null'], minItems: 2, maxItems: 2, items: { type: 'integer', minimum: 1 } },
    antialias: { type: 'boolean' },
    scale: { type: 'number', exclusiveMinimum: 0 },
    mean: { type: 'array', minItems: 3, maxItems: 3, items: { type: 'number' } },
    std: { type: 'array', minItems: 3, maxItems: 3, items: { type: 'number', exclusiveMinimum: 0 } },
  },
} as const;

const IDENTITY: Preprocessing = { resizeShortSide: null, crop: null, size: null, antialias: true, scale: 1, mean: [0, 0, 0], std: [1, 1, 1] };

/** Preprocesses one decoded image into a {@link DatasetSample}. */
export function toSample(id: string, rgb: Uint8Array, h: number, w: number, p: Preprocessing | null, label?: number): DatasetSample {
  const { data, shape } = applyPreprocessing(p ?? IDENTITY, rgb, h, w, id);
  return label === undefined ? { id, image: data, shape } : { id, image: data, shape, label };
}

/** Throws a `SALIENCY_INVALID_OPTIONS` error naming the source and option unless `path` exists (as a file or folder). */
export async function requirePath(source: string, option: string, path: string, want: 'file' | 'folder' | 'any'): Promise<'file' | 'folder'> {
  const s = await stat(path).catch(() => null);
  const is = s?.isDirectory() ? 'folder' : s?.isFile() ? 'file' : null;
  if (!is || (want !== 'any' && is !== want)) {
    const what = want === 'any' ? 'file or folder' : want;
    throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Plugin "${source}": options/${option}: no such ${what}: ${path}`, { plugin: source, path });
  }
  return is;
}

/** Checks sample indices against the dataset size (a source yields exactly the positions asked for, in order). */
export function checkIndices(source: string, indices: readonly number[] | undefined, size: number): readonly number[] {
  const all = indices ?? Array.from({ length: size }, (_, i) => i);
  for (const i of all) {
    if (!Number.isInteger(i) || i < 0 || i >= size) {
      throw new SaliencyError('SALIENCY_INVALID_INPUT', `${source}: sample index ${i} is out of range [0, ${size})`);
    }
  }
  return all;
}
