/**
 * A hand-made ModelSplit whose every quantity has a closed form, for a method's edge cases that no real model
 * reaches on purpose (ties, constant maps, negative weights) and for counting body/head/gradient calls.
 *   body:  A[b, i, j, k] = x[b, i, j, 0] * scale[k] + offset[k]            (h, w = the input's H, W)
 *   head:  logits[b, c] = Σ_k mean_ij(A[b, :, :, k]) * W[k][c] + bias[c]
 * so d logit_c / dA[i, j, k] = W[k][c] / (h·w) everywhere.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BodyOutput, ModelSplit } from '../interfaces/model-adapter.js';

/** The split's parameters: N channels (`scale`, `offset`), C classes. */
export interface ToySpec {
  readonly scale: readonly number[];
  readonly offset: readonly number[];
  /** `[C][N]`. */
  readonly W: readonly (readonly number[])[];
  readonly bias: readonly number[];
}

/** The split, with counters of its calls (a method must make one body pass per batch). */
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
        // The closed form above rather than tf.grad: users of the kit need no gradient kernels registered.
        const rows = classes.flat().map((cls) => Array.from({ length: ch }, (_, n) => spec.W[n]![cls]! / (h * w)));
        const g = tf.broadcastTo(tf.reshape(tf.tensor2d(rows, [b * k, ch]), [b, k, 1, 1, ch]), [b, k, h, w, ch]);
        return { logits: head(body.activation), gradients: g as tf.Tensor5D };
      });
    },
  };
}
