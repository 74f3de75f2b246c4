/** Reads the oracle fixtures (FORMAT.md layout) for the CASE tests, and loads their models through the real adapter. */
import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadModel, selectBackend } from '@saliency/adapters';
import type { ModelAdapter } from '@saliency/core';

export const FIXTURES = fileURLToPath(new URL('../../../../fixtures/oracle/public', import.meta.url));
export const BACKENDS = ['cpu', 'wasm'] as const;
export const MODELS = ['vggish', 'resish'] as const;

export interface JsonArray {
  readonly shape: number[];
  readonly data: (number | string)[];
}
export interface CaseEntry {
  readonly image_index: number;
  readonly target_kind: string;
  readonly target_class: number;
  readonly method: string;
  readonly weights: JsonArray;
  readonly cam_lowres_raw: JsonArray;
  readonly final: JsonArray;
  readonly cam_raw_max: number;
  readonly cam_terms_max: number;
  readonly final_all_zero: boolean;
  readonly contrast_classes: number[];
  readonly dot: number;
  readonly norm_sq: number;
  readonly proj_coef: number;
}
export interface CasesFile {
  readonly target_layer: string;
  readonly confusion_matrix: JsonArray;
  readonly images: { image_index: number; top1: number; top2: number; logits_tfjs: JsonArray }[];
  readonly cases: CaseEntry[];
}

export const f32 = (a: JsonArray): Float32Array => Float32Array.from(a.data, Number);

const cache = new Map<string, Promise<unknown>>();
const once = <T>(key: string, f: () => Promise<T>): Promise<T> => {
  if (!cache.has(key)) cache.set(key, f());
  return cache.get(key) as Promise<T>;
};

export const readCases = (model: string): Promise<CasesFile> =>
  once(`cases:${model}`, async () => JSON.parse(await readFile(`${FIXTURES}/${model}/cases.json`, 'utf8')) as CasesFile);

export const readInputs = (): Promise<{ shape: [number, number, number, number]; data: Float32Array; imageIndices: number[]; labels: number[] }> =>
  once('inputs', async () => {
    const meta = JSON.parse(await readFile(`${FIXTURES}/inputs.json`, 'utf8'));
    const bin = await readFile(`${FIXTURES}/inputs.bin`);
    return { shape: meta.shape, data: new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength)), imageIndices: meta.image_indices, labels: meta.synthetic_labels };
  });

/** `[1, H, W, C]` tensor of one image by global index. */
export async function imageTensor(imageIndex: number): Promise<tf.Tensor4D> {
  const inputs = await readInputs();
  const [, h, w, c] = inputs.shape;
  const j = inputs.imageIndices.indexOf(imageIndex);
  return tf.tensor4d(inputs.data.slice(j * h * w * c, (j + 1) * h * w * c), [1, h, w, c]);
}

/** The confusion matrix of a cases.json as rows. */
export function matrixRows(cj: CasesFile): number[][] {
  const n = cj.confusion_matrix.shape[0]!;
  return Array.from({ length: n }, (_, i) => cj.confusion_matrix.data.slice(i * n, (i + 1) * n).map(Number));
}

export async function useBackend(name: (typeof BACKENDS)[number]): Promise<void> {
  const sel = await selectBackend(name);
  if (sel.name !== name) throw new Error(`wanted backend ${name}, got ${sel.name}`);
}

export const loadFixtureModel = (name: string): Promise<ModelAdapter> => loadModel(`${FIXTURES}/${name}`);

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

export function relToMax(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < ref.length; i++) s = Math.max(s, Math.abs(ref[i]!));
  return s === 0 ? maxAbsDiff(a, ref) : maxAbsDiff(a, ref) / s;
}

/** FORMAT.md §9: final maps atol 1e-4, loosened in proportion to cam_terms_max/|cam_raw_max| above 1e3. */
export function finalTolerance(c: CaseEntry): number {
  const ratio = c.cam_terms_max / Math.abs(c.cam_raw_max);
  return 1e-4 * Math.max(1, Number.isFinite(ratio) ? ratio / 1e3 : Infinity);
}
