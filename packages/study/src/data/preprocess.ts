import { SaliencyError } from '@saliency/core';
import type { PreprocessingPreset, PreprocessingSpec, Triple } from '../config/types.js';
import { resizeRgbPil, roundHalfEven } from './resize.js';

/** A preprocessing with every field decided (what reports print and what the dataset sources apply). */
export interface Preprocessing {
  readonly resizeShortSide: number | null;
  readonly crop: readonly [number, number] | null;
  readonly size: readonly [number, number] | null;
  readonly antialias: boolean;
  readonly scale: number;
  readonly mean: Triple;
  readonly std: Triple;
}

const IMAGENET_MEAN: Triple = [0.485, 0.456, 0.406];
const IMAGENET_STD: Triple = [0.229, 0.224, 0.225];

/** The named presets (ALGORITHMS.md §6.2). */
export const PRESETS: Readonly<Record<PreprocessingPreset, PreprocessingSpec>> = {
  // torchvision: Resize(256) (PIL bilinear, antialiased) → CenterCrop(224) → ToTensor → Normalize.
  imagenet: { resizeShortSide: 256, crop: [224, 224], antialias: true, mean: IMAGENET_MEAN, std: IMAGENET_STD },
  // The authors' CIFAR-100 evaluation: Resize(224) and their own (non-standard) statistics.
  cifar100: { size: [224, 224], antialias: true, mean: [0.509, 0.487, 0.442], std: [0.202, 0.2, 0.204] },
  unit: {},
};

/**
 * Fills in a preset or partial spec. Without a crop or size the image is resized to `inputSize` (the model's), so
 * a dataset whose images already have the model's size passes through untouched.
 */
export function resolvePreprocessing(spec: PreprocessingPreset | PreprocessingSpec | undefined, inputSize: readonly [number, number]): Preprocessing {
  const s = typeof spec === 'string' ? PRESETS[spec] : (spec ?? {});
  return {
    resizeShortSide: s.resizeShortSide ?? null,
    crop: s.crop ? [s.crop[0], s.crop[1]] : null,
    size: s.size ? [s.size[0], s.size[1]] : s.crop ? null : [inputSize[0], inputSize[1]],
    antialias: s.antialias ?? true,
    scale: s.scale ?? 1,
    mean: s.mean ?? [0, 0, 0],
    std: s.std ?? [1, 1, 1],
  };
}

/** The `[h, w]` a preprocessing produces from an image of `h × w` (to check against the model before any work). */
export function outputSize(p: Preprocessing, h: number, w: number): [number, number] {
  let size: [number, number] = [h, w];
  if (p.resizeShortSide !== null) size = shortSide(h, w, p.resizeShortSide);
  if (p.crop) size = [p.crop[0], p.crop[1]];
  if (p.size) size = [p.size[0], p.size[1]];
  return size;
}

/** torchvision `Resize(n)`: the short side becomes n, the long side `int(n · long / short)`. */
function shortSide(h: number, w: number, n: number): [number, number] {
  return h <= w ? [n, Math.trunc((n * w) / h)] : [Math.trunc((n * h) / w), n];
}

/**
 * Applies `p` to a row-major 8-bit RGB image and returns `[H, W, 3]` float32 model input. `where` names the image
 * in errors (a crop larger than the resized image, which torchvision would pad, is refused).
 */
export function applyPreprocessing(p: Preprocessing, rgb: Uint8Array, h: number, w: number, where: string): { data: Float32Array; shape: [number, number, number] } {
  let img = rgb;
  let [ch, cw] = [h, w];
  if (p.resizeShortSide !== null) {
    const [nh, nw] = shortSide(ch, cw, p.resizeShortSide);
    img = resizeRgbPil(img, ch, cw, nh, nw, p.antialias);
    [ch, cw] = [nh, nw];
  }
  if (p.crop) {
    const [th, tw] = p.crop;
    if (th > ch || tw > cw) {
      throw new SaliencyError('SALIENCY_INVALID_IMAGE', `${where}: is ${ch}×${cw} after resizing, smaller than the ${th}×${tw} crop`);
    }
    const top = roundHalfEven((ch - th) / 2);
    const left = roundHalfEven((cw - tw) / 2);
    const out = new Uint8Array(th * tw * 3);
    for (let y = 0; y < th; y++) out.set(img.subarray(((top + y) * cw + left) * 3, ((top + y) * cw + left + tw) * 3), y * tw * 3);
    img = out;
    [ch, cw] = [th, tw];
  }
  if (p.size && (p.size[0] !== ch || p.size[1] !== cw)) {
    img = resizeRgbPil(img, ch, cw, p.size[0], p.size[1], p.antialias);
    [ch, cw] = [p.size[0], p.size[1]];
  }
  const data = new Float32Array(ch * cw * 3);
  for (let i = 0; i < ch * cw; i++) {
    for (let c = 0; c < 3; c++) data[i * 3 + c] = ((img[i * 3 + c]! / 255) * p.scale - p.mean[c]!) / p.std[c]!;
  }
  return { data, shape: [ch, cw, 3] };
}

/** Model input back to displayable RGB bytes (for the report's image grids): the inverse of the normalisation. */
export function toDisplayRgb(p: Pick<Preprocessing, 'scale' | 'mean' | 'std'>, x: ArrayLike<number>, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++) {
      const v = ((x[i * 3 + c]! * p.std[c]! + p.mean[c]!) / p.scale) * 255;
      out[i * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return out;
}
