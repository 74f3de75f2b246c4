import { createRng, defineDatasetSource, hashSeed, type DatasetSample, type DatasetSource, type Rng } from '@saliency/core';
import { NUM_PARTS_CLASSES, PARTS_CLASSES, PARTS_CLASS_NAMES } from './classes.js';
import { DECOY_COLOURS, DECOY_SHAPES, type PartShape, type Placement, type Rgb, drawShape, partByName } from './parts.js';

/** Name of the mask of one part: `part:<part name>`. */
export const partMaskName = (part: string): string => `part:${part}`;
/**
 * Name of the mask of class `c` in an image: `class:<c>`, the union of the image's parts that class `c` has (all
 * parts for the image's own label, the shared part for a class sharing one, empty otherwise). Ground-truth metrics
 * (`metrics/unique-evidence`) derive every region from these: unique(u, v) = class:u ∖ class:v,
 * shared(u, v) = class:u ∩ class:v.
 */
export const classMaskName = (c: number): string => `class:${c}`;

export interface SyntheticPartsOptions {
  /** Master seed; with `split` and the index it fixes every image. */
  readonly seed: number;
  /** Name of the stream (`train`, `test`, ...): different splits never share an image generator state. */
  readonly split: string;
  /** Number of samples. */
  readonly size: number;
  /** Index of the first sample (a window onto the infinite stream). */
  readonly offset: number;
  /** Height = width in pixels (multiple of 4, 32–64). */
  readonly imageSize: number;
}

export const SYNTHETIC_PARTS_DEFAULTS: SyntheticPartsOptions = { seed: 0, split: 'test', size: 1000, offset: 0, imageSize: 32 };

/** One rendered image with its ground truth. */
export interface PartsSample extends DatasetSample {
  readonly label: number;
  /** Where each of the label's parts was drawn. */
  readonly placements: Readonly<Record<string, Placement>>;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng.next();

/** Label of sample `index`: each block of 8 consecutive indices holds every class once, in a seeded order. */
export function labelOf(seed: number, split: string, index: number): number {
  const block = Math.floor(index / NUM_PARTS_CLASSES);
  const rng = createRng(hashSeed(seed, `${split}:labels:${block}`));
  const perm = Array.from({ length: NUM_PARTS_CLASSES }, (_, i) => i);
  for (let i = perm.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return perm[index - block * NUM_PARTS_CLASSES]!;
}

function jitter(rng: Rng, c: Rgb, amount: number): Rgb {
  const gain = uniform(rng, 0.85, 1.1);
  return [0, 1, 2].map((i) => clamp01(c[i]! * gain + uniform(rng, -amount, amount))) as unknown as Rgb;
}

/** Extent of a part's footprint relative to its radius (the triangle's circumradius, 1.15, is the largest). */
const EXTENT = 1.16;

function thinLine(halfWidth: number): PartShape {
  return { inside: (u, v) => Math.abs(u) <= 1 && Math.abs(v) <= halfWidth };
}
const DOT: PartShape = { inside: (u, v) => u * u + v * v <= 1 };

function background(rng: Rng, image: Float32Array, size: number): void {
  const grey = uniform(rng, 0.25, 0.7);
  const base = [0, 1, 2].map(() => grey + uniform(rng, -0.08, 0.08));
  const gx = [0, 1, 2].map(() => uniform(rng, -0.12, 0.12));
  const gy = [0, 1, 2].map(() => uniform(rng, -0.12, 0.12));
  const half = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) image[o + c] = base[c]! + (gx[c]! * (x - half) + gy[c]! * (y - half)) / half;
    }
  }
}

function clutter(rng: Rng, image: Float32Array, size: number): void {
  const lines = 3 + rng.int(5);
  for (let i = 0; i < lines; i++) {
    const length = uniform(rng, 5, 16);
    const colour: Rgb = [uniform(rng, 0.1, 0.9), uniform(rng, 0.1, 0.9), uniform(rng, 0.1, 0.9)];
    const at = { cx: uniform(rng, 0, size), cy: uniform(rng, 0, size), radius: length / 2, angle: uniform(rng, 0, Math.PI) };
    drawShape(image, size, thinLine(0.55 / at.radius), colour, colour, at, null);
  }
  const dots = 3 + rng.int(4);
  for (let i = 0; i < dots; i++) {
    const colour: Rgb = [rng.next(), rng.next(), rng.next()];
    drawShape(image, size, DOT, colour, colour, { cx: uniform(rng, 0, size), cy: uniform(rng, 0, size), radius: uniform(rng, 0.8, 1.8), angle: 0 }, null);
  }
}

/** Places `radii.length` non-overlapping footprints fully inside the image (rejection sampling, seeded). */
function place(rng: Rng, size: number, radii: readonly number[], avoid: readonly Placement[] = []): Placement[] | null {
  for (let attempt = 0; attempt < 200; attempt++) {
    const out: Placement[] = [];
    let ok = true;
    for (const r of radii) {
      const e = EXTENT * r;
      const p = { cx: uniform(rng, e, size - e), cy: uniform(rng, e, size - e), radius: r, angle: uniform(rng, 0, 2 * Math.PI) };
      for (const q of [...avoid, ...out]) {
        if (Math.hypot(p.cx - q.cx, p.cy - q.cy) < EXTENT * (p.radius + q.radius) + 1) ok = false;
      }
      if (!ok) break;
      out.push(p);
    }
    if (ok) return out;
  }
  return null;
}

/**
 * Renders sample `index` of stream `(seed, split)`: a cluttered background (smooth colour gradient, thin lines,
 * dots, and with probability 0.6 a decoy: a part-sized shape in a colour no part has), then the label's two parts
 * (random order, radius 4.3–5.8 px, any rotation, jittered colour, non-overlapping, fully inside). Values in [0, 1],
 * `[size, size, 3]` row-major RGB. With `masks`, returns the `part:<name>` and `class:<c>` masks (`[size·size]`, 0/1).
 */
export function renderPartsSample(seed: number, split: string, index: number, size = 32, masks = true): PartsSample {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`sample index must be a non-negative integer (got ${index})`);
  const label = labelOf(seed, split, index);
  const rng = createRng(hashSeed(seed, `${split}:${index}`));
  const image = new Float32Array(size * size * 3);
  background(rng, image, size);
  clutter(rng, image, size);
  const cls = PARTS_CLASSES[label]!;
  const order = rng.next() < 0.5 ? [...cls.parts] : [...cls.parts].reverse();
  const scale = size / 32;
  const radii = order.map(() => uniform(rng, 4.3, 5.8) * scale);
  const spots = place(rng, size, radii);
  if (!spots) throw new Error(`could not place the parts of sample ${index}`); // never happens at 32 px and above
  if (rng.next() < 0.6) {
    const decoy = place(rng, size, [uniform(rng, 3.8, 5.2) * scale], spots);
    const shape = DECOY_SHAPES[rng.int(DECOY_SHAPES.length)]!;
    const colour = jitter(rng, DECOY_COLOURS[rng.int(DECOY_COLOURS.length)]!, 0.05);
    if (decoy) drawShape(image, size, shape, colour, [0.1, 0.1, 0.1], decoy[0]!, null);
  }
  const partMasks: Record<string, Uint8Array> = {};
  const placements: Record<string, Placement> = {};
  order.forEach((name, i) => {
    const part = partByName(name);
    const colour = jitter(rng, part.colour, 0.07);
    const d = uniform(rng, 0.04, 0.2);
    const mask = masks ? new Uint8Array(size * size) : null;
    drawShape(image, size, part.shape, colour, [d, d, d], spots[i]!, mask);
    if (mask) partMasks[partMaskName(name)] = mask;
    placements[name] = spots[i]!;
  });
  for (let i = 0; i < image.length; i++) image[i] = clamp01(image[i]! + uniform(rng, -0.03, 0.03));
  const sample: PartsSample = { id: `${split}-${seed}-${index}`, image, shape: [size, size, 3], label, placements };
  if (!masks) return sample;
  for (const c of PARTS_CLASSES) {
    const m = new Uint8Array(size * size);
    for (const p of c.parts) {
      const pm = partMasks[partMaskName(p)];
      if (pm) for (let i = 0; i < m.length; i++) m[i] |= pm[i]!;
    }
    partMasks[classMaskName(c.index)] = m;
  }
  return { ...sample, masks: partMasks };
}

/** Images and labels of samples `[start, start + count)` as one batch (no masks), for training and evaluation. */
export function renderPartsBatch(seed: number, split: string, start: number, count: number, size = 32): { images: Float32Array; labels: Int32Array } {
  const n = size * size * 3;
  const images = new Float32Array(count * n);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const s = renderPartsSample(seed, split, start + i, size, false);
    images.set(s.image, i * n);
    labels[i] = s.label;
  }
  return { images, labels };
}

function checkOptions(o: SyntheticPartsOptions): void {
  const int = (v: number, min: number) => Number.isInteger(v) && v >= min;
  if (!int(o.seed, 0) || o.seed > 0xffffffff) throw new RangeError(`synthetic-parts: seed must be an integer in [0, 2^32) (got ${o.seed})`);
  if (!int(o.size, 0)) throw new RangeError(`synthetic-parts: size must be a non-negative integer (got ${o.size})`);
  if (!int(o.offset, 0)) throw new RangeError(`synthetic-parts: offset must be a non-negative integer (got ${o.offset})`);
  if (!int(o.imageSize, 32) || o.imageSize > 64 || o.imageSize % 4 !== 0) throw new RangeError(`synthetic-parts: imageSize must be a multiple of 4 in [32, 64] (got ${o.imageSize})`);
  if (typeof o.split !== 'string' || o.split.length === 0) throw new RangeError('synthetic-parts: split must be a non-empty string');
}

/**
 * The synthetic parts dataset as a {@link DatasetSource}: `size` samples from `offset` of stream `(seed, split)`,
 * generated on the fly (nothing is stored), each with its label and its `part:*` and `class:*` masks.
 */
export function createSyntheticPartsSource(options: Partial<SyntheticPartsOptions> = {}): DatasetSource {
  const o = { ...SYNTHETIC_PARTS_DEFAULTS, ...options };
  checkOptions(o);
  return {
    meta: { id: `synthetic-parts/${o.split}`, size: o.size, numClasses: NUM_PARTS_CLASSES, classNames: PARTS_CLASS_NAMES },
    async *samples(opts: { readonly indices?: readonly number[] } = {}) {
      const indices = opts.indices ?? Array.from({ length: o.size }, (_, i) => i);
      for (const i of indices) {
        if (!Number.isInteger(i) || i < 0 || i >= o.size) throw new RangeError(`synthetic-parts: index ${i} is out of range [0, ${o.size})`);
        yield renderPartsSample(o.seed, o.split, o.offset + i, o.imageSize);
      }
    },
  };
}

/** The dataset source manifest (`zoo/synthetic-parts` once registered under the `zoo` namespace). */
export const syntheticParts = defineDatasetSource<SyntheticPartsOptions>({
  id: 'synthetic-parts',
  displayName: 'Synthetic parts',
  description: 'Seeded synthetic images of 8 classes built from 2 coloured parts each, with per-part and per-class ground-truth masks.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['seed', 'split', 'size', 'offset', 'imageSize'],
    properties: {
      seed: { type: 'integer', minimum: 0, maximum: 0xffffffff },
      split: { type: 'string', minLength: 1 },
      size: { type: 'integer', minimum: 0 },
      offset: { type: 'integer', minimum: 0 },
      imageSize: { type: 'integer', minimum: 32, maximum: 64, multipleOf: 4 },
    },
  },
  defaultOptions: SYNTHETIC_PARTS_DEFAULTS,
  create: (options) => createSyntheticPartsSource(options),
});

function regionOf(masks: Readonly<Record<string, Uint8Array>>, c: number, what: string): Uint8Array {
  const m = masks[classMaskName(c)];
  if (!m) throw new RangeError(`${what}: the sample has no '${classMaskName(c)}' mask`);
  return m;
}

/** `class:u ∖ class:v`: where the image shows parts of `u` that `v` lacks (u's uniquely discriminative region). */
export function uniqueRegionMask(masks: Readonly<Record<string, Uint8Array>>, u: number, v: number): Uint8Array {
  const a = regionOf(masks, u, 'uniqueRegionMask');
  const b = regionOf(masks, v, 'uniqueRegionMask');
  return a.map((x, i) => (x && !b[i] ? 1 : 0));
}

/** `class:u ∩ class:v`: where the image shows parts both `u` and `v` have. */
export function sharedRegionMask(masks: Readonly<Record<string, Uint8Array>>, u: number, v: number): Uint8Array {
  const a = regionOf(masks, u, 'sharedRegionMask');
  const b = regionOf(masks, v, 'sharedRegionMask');
  return a.map((x, i) => (x && b[i] ? 1 : 0));
}
