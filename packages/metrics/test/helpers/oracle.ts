/**
 * Test helpers: the oracle fixtures (../../../../fixtures/oracle/public, relative to this file) and a minimal
 * ModelAdapter over their tfjs LayersModels, so these tests do not depend on @saliency/adapters.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { PluginRegistry, SaliencyError, type BodyOutput, type LayerInfo, type Metric, type MetricManifest, type ModelAdapter, type ModelSplit } from '@saliency/core';
import { testDeps } from '@saliency/core/testing';

export const FIXTURES = new URL('../../../../fixtures/oracle/public/', import.meta.url);
export type OracleModel = 'vggish' | 'resish';
export const ORACLE_MODELS: readonly OracleModel[] = ['vggish', 'resish'];

export interface Arr {
  readonly shape: number[];
  readonly data: number[];
}
export interface CaseRecord {
  image_index: number;
  target_kind: string;
  target_class: number;
  method: string;
  final: Arr;
}
export interface AgreementRecord {
  image_index: number;
  method: string;
  k_percent: number;
  top1_class: number;
  top2_class: number;
  num_pixels: number;
  top1_selected_flat: number[];
  top2_selected_flat: number[];
  agreement: number;
  tie_ambiguous_top1: boolean;
  tie_ambiguous_top2: boolean;
  boundary_gap_top1: number;
  boundary_gap_top2: number;
  selection_robust: boolean;
}
interface Conf {
  new_conf: number;
  delta: number;
  new_conf_untransposed: number;
  delta_untransposed: number;
}
export interface DropRecord {
  image_index: number;
  method: string;
  k_percent: number;
  gt_pred: number;
  gt_conf: number;
  num_pixels: number;
  selected_flat: number[];
  masked_flat: number[];
  tie_ambiguous: boolean;
  boundary_gap: number;
  selection_robust: boolean;
  blur: Conf;
  zero: Conf;
}
export interface ImageRecord {
  image_index: number;
  top1: number;
  top2: number;
  gt_pred: number;
  gt_conf: number;
  activations: Arr;
  channel_activity: { pooled: Arr; counts: Record<string, number> };
}
export interface CasesFile {
  model: string;
  target_layer: string;
  image_indices: number[];
  images: ImageRecord[];
  cases: CaseRecord[];
  agreement: AgreementRecord[];
  confidence_drop: DropRecord[];
}

const cache = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as T;
}

export function loadCases(model: OracleModel): CasesFile {
  return cached(`cases:${model}`, () => JSON.parse(readFileSync(new URL(`${model}/cases.json`, FIXTURES), 'utf8')) as CasesFile);
}

function readF32(name: string): Float32Array {
  const buf = readFileSync(new URL(name, FIXTURES));
  const out = new Float32Array(buf.byteLength / 4);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

interface InputsJson {
  shape: [number, number, number, number];
  image_indices: number[];
}
/** `inputs.bin` (or `inputs_blur_k5.bin`) as NHWC float32, with the global image index of each row. */
export function loadInputs(which: 'inputs' | 'blurred' = 'inputs'): { data: Float32Array; shape: [number, number, number, number]; imageIndices: number[] } {
  const meta = JSON.parse(readFileSync(new URL('inputs.json', FIXTURES), 'utf8')) as InputsJson;
  const data = cached(`bin:${which}`, () => readF32(which === 'inputs' ? 'inputs.bin' : 'inputs_blur_k5.bin'));
  return { data, shape: meta.shape, imageIndices: meta.image_indices };
}

/** Row `imageIndex` (global index) of inputs.bin, `H·W·C` values. */
export function imageData(imageIndex: number, which: 'inputs' | 'blurred' = 'inputs'): Float32Array {
  const { data, shape, imageIndices } = loadInputs(which);
  const j = imageIndices.indexOf(imageIndex);
  if (j < 0) throw new Error(`image ${imageIndex} is not in inputs.bin`);
  const n = shape[1] * shape[2] * shape[3];
  return data.subarray(j * n, (j + 1) * n);
}

/** Stacks equally long rows into one tensor of shape `[rows.length, ...shape]`. */
export function stack(rows: readonly ArrayLike<number>[], shape: readonly number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(rows.length * n);
  rows.forEach((r, i) => out.set(Array.from(r), i * n));
  return tf.tensor(out, [rows.length, ...shape], 'float32');
}

/** The recorded `final` map of one case. */
export function finalMap(file: CasesFile, imageIndex: number, method: string, kind: 'top1' | 'top2'): Float32Array {
  const c = file.cases.find((x) => x.image_index === imageIndex && x.method === method && x.target_kind === kind);
  if (!c) throw new Error(`no case ${imageIndex}/${method}/${kind} in ${file.model}`);
  return Float32Array.from(c.final.data);
}

/** Loads the oracle model exactly as FORMAT.md §4 says: fromMemory with the single weights group. */
export async function loadOracleModel(model: OracleModel): Promise<tfl.LayersModel> {
  const json = JSON.parse(readFileSync(new URL(`${model}/model.json`, FIXTURES), 'utf8'));
  const bin = readFileSync(new URL(`${model}/weights.bin`, FIXTURES));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
}

/**
 * A minimal {@link ModelAdapter} over a LayersModel whose output is logits: `predict`, and `split(layer).body` for
 * plain chains (no crossing tensors). Heads and gradients are not needed by the metrics and throw.
 */
export function layersAdapter(model: tfl.LayersModel, id: string): ModelAdapter {
  const [, h, w, c] = model.inputs[0]!.shape as number[];
  const numClasses = (model.outputs[0]!.shape as number[])[1]!;
  const splits = new Map<string, { sub: tfl.LayersModel; split: ModelSplit }>();
  const unsupported = (): never => {
    throw new SaliencyError('SALIENCY_UNSUPPORTED', 'test adapter: not implemented');
  };
  return {
    meta: { id, format: 'layers-model', inputShape: [h!, w!, c!], numClasses, outputActivation: 'linear' },
    layers: (): LayerInfo[] =>
      model.layers.map((l) => {
        const shape = l.outputShape as (number | null)[];
        return { name: l.name, className: l.getClassName(), outputShape: shape, spatial: shape.length === 4, inbound: [] };
      }),
    predict: (input) => tf.tidy(() => model.predict(input) as tf.Tensor2D),
    split(layer: string): ModelSplit {
      const hit = splits.get(layer);
      if (hit) return hit.split;
      const sub = tfl.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tfl.SymbolicTensor });
      const [, ah, aw, ac] = sub.outputs[0]!.shape as number[];
      const split: ModelSplit = {
        layer,
        activationShape: [ah!, aw!, ac!],
        crossingNames: [],
        body: (input): BodyOutput => ({ activation: tf.tidy(() => sub.predict(input) as tf.Tensor4D), crossing: [] }),
        head: unsupported,
        classGradients: unsupported,
      };
      splits.set(layer, { sub, split });
      return split;
    },
    suggestedLayers: () => [],
    dispose: () => model.dispose(),
  };
}

/** An adapter whose logits come from a function of the input (for bad-input tests). */
export function fnAdapter(numClasses: number, logits: (x: tf.Tensor4D) => tf.Tensor2D, inputShape: [number, number, number] = [8, 8, 3]): ModelAdapter {
  const unsupported = (): never => {
    throw new SaliencyError('SALIENCY_UNSUPPORTED', 'test adapter: not implemented');
  };
  return {
    meta: { id: 'fn', format: 'layers-model', inputShape, numClasses, outputActivation: 'linear' },
    layers: () => [],
    predict: (x) => tf.tidy(() => logits(x)),
    split: unsupported,
    suggestedLayers: () => [],
    dispose: () => {},
  };
}

/** Creates a metric through a registry (options merged with the defaults and validated, as the composer does). */
export async function createMetric(manifest: MetricManifest, options: Record<string, unknown> = {}, adapter?: ModelAdapter): Promise<Metric> {
  const registry = new PluginRegistry();
  registry.register({ meta: { name: 'metrics-test', version: '0.0.0', namespace: 'metrics', apiVersion: 1 }, plugins: [manifest] });
  return registry.create('metric', [`metrics/${manifest.id}`, options], testDeps(adapter));
}
