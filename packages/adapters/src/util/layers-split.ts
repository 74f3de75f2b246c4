import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SaliencyError, type BodyOutput, type ClassGradients, type ModelSplit } from '@saliency/core';
import { gradientHeadModel } from './gradient-head.js';
import { INFERENCE_IDENTITY, separableAblation, separableGradients, separableHead } from './separable-head.js';
import { autodiffClassGradients, checkClasses } from './class-gradients.js';
import { replay, type Layer, type LayersGraph, type Step, type Sym } from './layers-graph.js';

export interface LayersSplitOptions {
  readonly modelId: string;
  readonly numClasses: number;
  /** Use autodiff even where the head is GAP → Dense (tests compare both). */
  readonly forceAutodiff: boolean;
}

/**
 * A LayersModel split. `gradientMethod` says how class gradients are computed: `closed-form` (GAP → Dense, no
 * backward pass), `separable` (a per-channel head before GAP → Dense: one backward pass for all classes) or
 * `autodiff` (one backward pass over the head repeated K times).
 */
export interface LayersModelSplit extends ModelSplit {
  readonly gradientMethod: 'closed-form' | 'separable' | 'autodiff';
}

/** Where the split is, what runs after it, and which earlier tensors the later layers still read. */
function partition(graph: LayersGraph, name: string, modelId: string): { activation: Sym; after: Step[]; crossing: Sym[] } {
  const own = graph.steps.filter((s) => s.layer.name === name);
  if (own.length !== 1) {
    const why = own.length ? `is called ${own.length} times inside the model (a shared layer)` : 'does not feed the logits';
    throw new SaliencyError('SALIENCY_UNSUPPORTED', `Cannot split model "${modelId}" at layer "${name}": it ${why}`, { layer: name });
  }
  const activation = own[0]!.outputs[0]!;
  const dependent = new Set<number>([activation.id]);
  const after: Step[] = [];
  for (const s of graph.steps.slice(graph.steps.indexOf(own[0]!) + 1)) {
    if (!s.inputs.some((t) => dependent.has(t.id))) continue;
    after.push(s);
    for (const o of s.outputs) dependent.add(o.id);
  }
  if (!dependent.has(graph.logits.id)) {
    throw new SaliencyError('SALIENCY_UNSUPPORTED', `Cannot split model "${modelId}" at layer "${name}": the logits do not depend on it`, { layer: name });
  }
  // Skip connections over the split: tensors made before it that later layers read.
  const crossing: Sym[] = [];
  for (const s of after) for (const t of s.inputs) if (!dependent.has(t.id) && !crossing.includes(t)) crossing.push(t);
  return { activation, after, crossing };
}

/** `[C, N]` kernel when the head is GAP → Dense (linear) reading the activation directly, else null. */
function gapDenseKernel(graph: LayersGraph, activation: Sym, after: readonly Step[], crossing: readonly Sym[]): tf.Tensor2D | null {
  const core = after.filter((s) => !INFERENCE_IDENTITY.has(s.layer.getClassName()));
  if (crossing.length || core.length !== 2 || after.some((s) => s.inputs.length !== 1)) return null;
  const [gap, dense] = core as [Step, Step];
  const denseLayer: Layer = graph.substitutes.get(dense.layer) ?? dense.layer;
  const gapCfg = gap.layer.getConfig() as { dataFormat?: string };
  const denseCfg = denseLayer.getConfig() as { activation?: string };
  const ok =
    gap.layer.getClassName() === 'GlobalAveragePooling2D' && gap.inputs[0]!.id === activation.id && gapCfg.dataFormat !== 'channelsFirst' &&
    denseLayer.getClassName() === 'Dense' && denseCfg.activation === 'linear' && dense.outputs[0]!.id === graph.logits.id;
  return ok ? (denseLayer.getWeights()[0] as tf.Tensor2D) : null;
}

/**
 * Splits the model at layer `name`: the body is `tf.model(input → [A, ...crossing])` over the model's own graph;
 * the head re-applies the later layers (same objects, shared weights) to fresh inputs for A and each crossing tensor.
 */
export function buildLayersSplit(graph: LayersGraph, name: string, opts: LayersSplitOptions): LayersModelSplit {
  const { activation, after, crossing } = partition(graph, name, opts.modelId);
  const bodyModel = tfl.model({ inputs: graph.input, outputs: [activation, ...crossing] });
  const freshA = tfl.input({ shape: activation.shape.slice(1) as number[], name: `${name}__activation` });
  const freshCross = crossing.map((t, i) => tfl.input({ shape: t.shape.slice(1) as number[], dtype: t.dtype, name: `${name}__crossing${i}` }));
  const feeds = new Map<number, Sym>([[activation.id, freshA], ...crossing.map((t, i): [number, Sym] => [t.id, freshCross[i]!])]);
  const replayed = replay(graph, after, feeds);
  const headModel = tfl.model({ inputs: [freshA, ...freshCross], outputs: replayed.get(graph.logits.id)! });
  const kernel = opts.forceAutodiff ? null : gapDenseKernel(graph, activation, after, crossing);
  const separable = separableHead(graph, activation, after);
  // The head up to its global pooling, on the same replayed graph (shared layers and weights).
  const prefixModel = separable ? tfl.model({ inputs: [freshA, ...freshCross], outputs: replayed.get(separable.pooled.id)! }) : null;
  const gradHead = kernel || (separable && !opts.forceAutodiff) ? null : gradientHeadModel(graph, name, after, activation, crossing);
  const [, h, w, c] = activation.shape as [null, number, number, number];

  const head = (a: tf.Tensor4D, cross: readonly tf.Tensor[]): tf.Tensor2D =>
    tf.tidy(() => headModel.apply([a, ...cross]) as tf.Tensor2D);
  const differentiable = (a: tf.Tensor4D, cross: readonly tf.Tensor[]): tf.Tensor2D =>
    tf.tidy(() => (gradHead ?? headModel).apply([a, ...cross]) as tf.Tensor2D);
  const body = (x: tf.Tensor4D): BodyOutput =>
    tf.tidy(() => {
      const out = bodyModel.apply(x) as tf.Tensor | tf.Tensor[];
      const list = Array.isArray(out) ? out : [out];
      return { activation: list[0] as tf.Tensor4D, crossing: list.slice(1) };
    }) as unknown as BodyOutput;

  // GAP → Dense: d logit_c / dA[i, j, :] = W[:, c] / (h·w) at every position, no backward pass needed.
  const closedForm = (b: BodyOutput, classes: readonly (readonly number[])[]): ClassGradients => {
    const batch = b.activation.shape[0];
    const k = checkClasses(classes, batch, opts.numClasses);
    return tf.tidy(() => {
      // Columns of the kernel (a gather: a one-hot matMul would read the whole [C, N] kernel per class).
      const perClass = tf.div(tf.transpose(tf.gather(kernel!, tf.tensor1d(classes.flat(), 'int32'), 1)), h * w);
      // Spread over h×w by an exact multiply by ones: one broadcasting pass, no tile.
      const grads = tf.mul(tf.reshape(perClass, [batch * k, 1, 1, c]), tf.ones([1, h, w, 1]));
      return { logits: head(b.activation, b.crossing), gradients: tf.reshape(grads, [batch, k, h, w, c]) };
    });
  };

  const viaSeparable = separable && prefixModel && !opts.forceAutodiff ? separableGradients(separable, prefixModel, head, opts.numClasses) : undefined;
  return {
    layer: name,
    activationShape: [h, w, c],
    crossingNames: crossing.map((t) => (t.tensorIndex ? `${t.sourceLayer.name}:${t.tensorIndex}` : t.sourceLayer.name)),
    body,
    head,
    gradientMethod: kernel ? 'closed-form' : viaSeparable ? 'separable' : 'autodiff',
    classGradients: kernel ? closedForm : viaSeparable ?? ((b, classes) => autodiffClassGradients(differentiable, b, classes, opts.numClasses)),
    ...(separable && prefixModel ? { ablatedLogits: separableAblation(separable, prefixModel, head, opts.numClasses) } : {}),
  };
}
