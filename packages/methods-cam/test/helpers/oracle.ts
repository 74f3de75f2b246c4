/** Reads the oracle fixtures (FORMAT.md layout) and compares results with the documented tolerances. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../../../fixtures/oracle/public', import.meta.url));

export interface JsonArray {
  readonly shape: number[];
  readonly data: (number | string)[];
}
export interface OracleCase {
  readonly image_index: number;
  readonly target_kind: string;
  readonly target_class: number;
  readonly method: string;
  readonly weights?: JsonArray;
  readonly cam_lowres_raw: JsonArray;
  readonly final: JsonArray;
  readonly cam_raw_max: number;
  readonly cam_terms_max: number;
  readonly final_all_zero: boolean;
  readonly target_layer?: string;
  readonly [k: string]: unknown;
}
export interface OracleModel {
  readonly model: string;
  readonly target_layer: string;
  readonly image_indices: number[];
  readonly confusion_matrix: JsonArray;
  readonly images: { image_index: number; top1: number; top2: number; activations: JsonArray; logits_tfjs: JsonArray; min_activation: number }[];
  readonly cases: OracleCase[];
  readonly extra_cases?: OracleCase[];
}
export interface OracleInputs {
  readonly shape: [number, number, number, number];
  readonly data: Float32Array;
  readonly imageIndices: number[];
}

export function f32(a: JsonArray): Float32Array {
  return Float32Array.from(a.data, (v) => Number(v));
}

const cache = new Map<string, Promise<unknown>>();
function once<T>(key: string, f: () => Promise<T>): Promise<T> {
  if (!cache.has(key)) cache.set(key, f());
  return cache.get(key) as Promise<T>;
}

export function readCases(model: string): Promise<OracleModel> {
  return once(`cases:${model}`, async () => JSON.parse(await readFile(`${FIXTURES}/${model}/cases.json`, 'utf8')) as OracleModel);
}

export function readInputs(): Promise<OracleInputs> {
  return once('inputs', async () => {
    const meta = JSON.parse(await readFile(`${FIXTURES}/inputs.json`, 'utf8'));
    const bin = await readFile(`${FIXTURES}/${meta.files?.inputs ?? 'inputs.bin'}`);
    const data = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
    return { shape: meta.shape, data, imageIndices: meta.image_indices };
  });
}

/** One image `[1, H, W, C]` of the inputs, by global image index. */
export function imageData(inputs: OracleInputs, imageIndex: number): Float32Array {
  const j = inputs.imageIndices.indexOf(imageIndex);
  if (j < 0) throw new Error(`image ${imageIndex} not in inputs`);
  const [, h, w, c] = inputs.shape;
  const n = h * w * c;
  return inputs.data.slice(j * n, (j + 1) * n);
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** max |a - b| / max |b| (the "rtol of the array's max" measure). */
export function relToMax(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  const s = maxAbs(ref);
  return s === 0 ? maxAbsDiff(a, ref) : maxAbsDiff(a, ref) / s;
}

/** max over elements of |a - b| / |b| (Ablation-CAM weights); exact zeros must match exactly. */
export function relPerElement(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(a[i]! - ref[i]!);
    const r = ref[i] === 0 ? (d === 0 ? 0 : Infinity) : d / Math.abs(ref[i]!);
    if (!(r <= m)) m = Number.isNaN(r) ? Infinity : r;
  }
  return m;
}

/** FORMAT.md §9: final maps atol 1e-4, loosened in proportion to cam_terms_max/|cam_raw_max| above 1e3. */
export function finalTolerance(c: OracleCase): number {
  const ratio = c.cam_terms_max / Math.abs(c.cam_raw_max);
  return 1e-4 * Math.max(1, Number.isFinite(ratio) ? ratio / 1e3 : Infinity);
}
