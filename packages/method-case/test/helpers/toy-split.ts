/**
 * A hand-made ModelSplit whose every quantity has a closed form, for edge cases the oracle fixtures do not cover.
 *   body:  A[b, i, j, k] = x[b, i, j, 0] * scale[k] + offset[k]            (h, w = the input's H, W)
 *   head:  logits[b, c] = Σ_k mean_ij(A[b, :, :, k]) * W[k][c] + bias[c]
 * so d logit_c / dA[i, j, k] = W[k][c] / (h·w) everywhere.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers every op's gradient (as the real adapters do) for tf.grad below.
import '@tensorflow/tfjs-layers';
import type { BodyOutput, ModelSplit } from '@saliency/core';

export interface ToySpec {
  readonly scale: readonly number[];
  readonly offset: readonly number[];
  /** `[C][N]`. */
  readonly W: readonly (readonly number[])[];
  readonly bias: readonly number[];
}

export function toySplit(spec: ToySpec, size: readonly [number, number]): ModelSplit & { calls: { body: number; head: number; classGradients: number } } {
  const c = spec.scale.length;
  const calls = { body: 0, head: 0, classGradients: 0 };
  const head = (a: tf.Tensor4D): tf.Tensor2D =>
    tf.tidy(() => tf.add(tf.matMul(tf.mean(a, [1, 2]) as tf.Tensor2D, tf.tensor2d(spec.W as number[][])), tf.tensor1d(spec.bias as number[])));
  return {
    calls,
    layer: 'toy',
    activationShape: [size[0], size[1], c],
    crossingNames: [],
    body(input): BodyOutput {
      calls.body++;
      const activation = tf.tidy(() =>
        tf.add(tf.mul(tf.slice(input, [0, 0, 0, 0], [-1, -1, -1, 1]), tf.tensor1d(spec.scale as number[])), tf.tensor1d(spec.offset as number[])),
      ) as tf.Tensor4D;
      return { activation, crossing: [] };
    },
    head(a) {
      calls.head++;
      return head(a);
    },
    classGradients(body, classes) {
      calls.classGradients++;
      return tf.tidy(() => {
        const [b, h, w, ch] = body.activation.shape;
        const k = classes[0]!.length;
        const logits = head(body.activation);
        const tiled = tf.reshape(tf.tile(tf.expandDims(body.activation, 1), [1, k, 1, 1, 1]), [b * k, h, w, ch]) as tf.Tensor4D;
        const oh = tf.oneHot(tf.tensor1d(classes.flat(), 'int32'), spec.bias.length);
        const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(head(a as tf.Tensor4D), oh)))(tiled);
        return { logits, gradients: tf.reshape(g, [b, k, h, w, ch]) };
      });
    },
  };
}
