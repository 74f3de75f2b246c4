import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BodyOutput, ClassGradients } from '@saliency/core';
import { withFastTileGradient } from '../fast-tile-grad.js';
import { withoutWeightGradients } from '../no-weight-grads.js';
import { checkClasses, oneHotRows } from './class-gradients.js';
import type { Layer, LayersGraph, Step, Sym } from './layers-graph.js';

/** Layers that are the identity at inference. */
export const INFERENCE_IDENTITY = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);
/** Output channel c reads only channel c of every input (elementwise maps and merges, per-channel pooling/padding). */
const PER_CHANNEL = new Set(['BatchNormalization', 'Activation', 'ReLU', 'LeakyReLU', 'ELU', 'ThresholdedReLU', 'Add', 'Multiply', 'Subtract', 'Average', 'Maximum', 'Minimum', 'MaxPooling2D', 'AveragePooling2D', 'ZeroPadding2D', 'Cropping2D', 'DepthwiseConv2D']);
const GLOBAL_POOL = new Set(['GlobalAveragePooling2D', 'GlobalMaxPooling2D']);

const cfg = (l: Layer): Record<string, unknown> => l.getConfig() as Record<string, unknown>;
const channelsLast = (l: Layer): boolean => cfg(l).dataFormat !== 'channelsFirst';
const lastAxis = (l: Layer, rank: number): boolean => [-1, rank - 1, undefined].includes(cfg(l).axis as number);

/** Whether layer `l` keeps channels separate (checked on its config: softmax and channels-first layouts mix them). */
function perChannel(l: Layer, rank: number): boolean {
  const c = cfg(l);
  switch (l.getClassName()) {
    case 'BatchNormalization':
      return lastAxis(l, rank);
    case 'Activation':
      return c.activation !== 'softmax';
    case 'DepthwiseConv2D':
      return c.depthMultiplier === 1 && c.activation !== 'softmax' && channelsLast(l);
    default:
      return PER_CHANNEL.has(l.getClassName()) && channelsLast(l);
  }
}

/** The per-channel part of the head, ending in the global pooling, and the linear classifier after it. */
export interface SeparableHead {
  /** The pooled features' symbolic tensor (output of the global pooling). */
  readonly pooled: Sym;
  /** Activation channel k is pooled feature `offset + k` (non-zero after a channel concatenation). */
  readonly offset: number;
  /** The classifier (a linear Dense whose output is the logits); read its kernel at call time. */
  readonly dense: Layer;
}

/**
 * Recognises heads of the shape `per-channel layers (with skip inputs) → global pooling → [dropout] → linear Dense`:
 * ResNet at any `_3_conv`/`_bn`/`_add`/`_out`, DenseNet at any layer of its last block, plain GAP → Dense. Returns
 * null for anything else (LayerNorm, flatten → MLP, a second use of the activation after the pooling, ...).
 */
export function separableHead(graph: LayersGraph, activation: Sym, after: readonly Step[]): SeparableHead | null {
  const offsets = new Map<number, number>([[activation.id, 0]]);
  let pooled: { sym: Sym; offset: number } | undefined;
  let dense: Layer | undefined;
  for (const s of after) {
    const layer = graph.substitutes.get(s.layer) ?? s.layer;
    const cls = layer.getClassName();
    const dependent = s.inputs.filter((t) => offsets.has(t.id));
    if (dense || s.outputs.length !== 1) return null;
    const out = s.outputs[0]!;
    if (!pooled) {
      if (GLOBAL_POOL.has(cls) && s.inputs.length === 1 && channelsLast(layer)) {
        pooled = { sym: out, offset: offsets.get(s.inputs[0]!.id)! };
        offsets.set(out.id, pooled.offset);
      } else if (cls === 'Concatenate' && lastAxis(layer, out.shape.length) && dependent.length === 1) {
        const before = s.inputs.slice(0, s.inputs.indexOf(dependent[0]!)).map((t) => t.shape[t.shape.length - 1]);
        if (before.some((d) => typeof d !== 'number')) return null;
        offsets.set(out.id, offsets.get(dependent[0]!.id)! + (before as number[]).reduce((a, b) => a + b, 0));
      } else if ((perChannel(layer, out.shape.length) || INFERENCE_IDENTITY.has(cls)) && new Set(dependent.map((t) => offsets.get(t.id))).size === 1) {
        offsets.set(out.id, offsets.get(dependent[0]!.id)!);
      } else return null;
    } else if (INFERENCE_IDENTITY.has(cls) && s.inputs.length === 1) {
      offsets.set(out.id, pooled.offset);
    } else if (cls === 'Dense' && s.inputs.length === 1 && cfg(layer).activation === 'linear' && out.id === graph.logits.id) {
      dense = layer;
    } else return null;
  }
  return pooled && dense ? { pooled: pooled.sym, offset: pooled.offset, dense } : null;
}

export type AblatedLogits = (body: BodyOutput, fills: tf.Tensor2D, classes: readonly number[]) => tf.Tensor2D;
type Head = (a: tf.Tensor4D, c: readonly tf.Tensor[]) => tf.Tensor2D;

/**
 * `[classes.length, C]`: row i holds `W[offset + k, classes[i]]` for every activation channel k. A gather of kernel
 * columns, not a one-hot matMul: exact either way, but the matMul reads the whole `[F, N]` kernel per row.
 */
function classifierRows(sep: SeparableHead, classes: readonly number[], channels: number): tf.Tensor2D {
  const columns = tf.gather(sep.dense.getWeights()[0]!, tf.tensor1d(classes as number[], 'int32'), 1);
  return tf.transpose(tf.slice(columns, [sep.offset, 0], [channels, classes.length])) as tf.Tensor2D;
}

/**
 * `ModelSplit.ablatedLogits` for a separable head. With P the pooled features and W the classifier kernel, ablating
 * channel k changes only feature `offset + k`, so `logit_t(k) = logit_t + W[offset+k, t]·(P_fill − P)[offset+k]`,
 * where `P_fill` comes from one head-prefix pass on an activation whose every channel holds its fill value.
 * Two prefix passes replace C head passes; equal to the slow path up to float rounding of the Dense sum.
 */
export function separableAblation(sep: SeparableHead, prefix: tfl.LayersModel, head: Head, numClasses: number): AblatedLogits {
  return (body, fills, classes) =>
    tf.tidy(() => {
      const [b, h, w, c] = body.activation.shape;
      checkClasses(classes.map((t) => [t]), b, numClasses);
      if (fills.shape[0] !== b || fills.shape[1] !== c) throw new RangeError(`ablatedLogits: fills must be [${b}, ${c}] (got [${fills.shape.join(', ')}])`);
      // x·1 is exact, so every position of channel k holds exactly fills[b, k].
      const filled = tf.mul(tf.ones([1, h, w, 1]), tf.reshape(fills, [b, 1, 1, c])) as tf.Tensor4D;
      const run = (a: tf.Tensor4D): tf.Tensor2D => prefix.apply([a, ...body.crossing]) as tf.Tensor2D;
      const delta = tf.slice(tf.sub(run(filled), run(body.activation)), [0, sep.offset], [b, c]);
      const select = oneHotRows(classes.map((t) => [t]), 1, numClasses);
      const perChannelWeight = classifierRows(sep, classes, c);
      const target = tf.sum(tf.mul(head(body.activation, body.crossing), select), 1, true);
      return tf.add(target, tf.mul(perChannelWeight, delta)) as tf.Tensor2D;
    });
}

/**
 * `ModelSplit.classGradients` for a separable head. Pooled feature `offset + k` depends on channel k of A only, so
 * `d logit_c / dA[.., k] = W[offset + k, c] · d P_{offset+k} / dA[.., k]`, and one backward pass of `Σ P` through
 * the per-channel prefix gives the second factor for every class: K classes cost one pass, not K, and the
 * classifier's weight gradient is never formed.
 */
export function separableGradients(sep: SeparableHead, prefix: tfl.LayersModel, head: Head, numClasses: number) {
  return (body: BodyOutput, classes: readonly (readonly number[])[]): ClassGradients => {
    const [b, h, w, c] = body.activation.shape;
    const k = checkClasses(classes, b, numClasses);
    return tf.tidy(() => {
      const sumPooled = (a: tf.Tensor): tf.Tensor => tf.sum(prefix.apply([a, ...body.crossing]) as tf.Tensor);
      const local = withoutWeightGradients(() => withFastTileGradient(() => tf.grad(sumPooled)(body.activation)));
      const rows = classifierRows(sep, classes.flat(), c);
      const gradients = tf.mul(tf.reshape(local, [b, 1, h, w, c]), tf.reshape(rows, [b, k, 1, 1, c]));
      return { logits: head(body.activation, body.crossing), gradients };
    });
  };
}
