import * as tf from '@tensorflow/tfjs-core';
import { SaliencyError, type BodyOutput, type ClassGradients } from '@saliency/core';
import { withFastTileGradient } from '../fast-tile-grad.js';
import { withoutWeightGradients } from '../no-weight-grads.js';

export type HeadFn = (activation: tf.Tensor4D, crossing: readonly tf.Tensor[]) => tf.Tensor2D;

/** Checks `classes` against the batch and the class count; returns K (classes per image). */
export function checkClasses(classes: readonly (readonly number[])[], batch: number, numClasses: number): number {
  if (classes.length !== batch) {
    throw new SaliencyError('SALIENCY_INVALID_TARGET', `classGradients: got class lists for ${classes.length} images, the batch has ${batch}`);
  }
  const k = classes[0]?.length ?? 0;
  classes.forEach((row, b) => {
    if (row.length !== k || k === 0) {
      throw new SaliencyError('SALIENCY_INVALID_TARGET', `classGradients: every image needs the same number (≥ 1) of classes; image 0 has ${k}, image ${b} has ${row.length}`);
    }
    for (const c of row) {
      if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
        throw new SaliencyError('SALIENCY_INVALID_TARGET', `classGradients: class ${c} of image ${b} is not an integer in [0, ${numClasses})`);
      }
    }
  });
  return k;
}

/** `[B*K, N]` one-hot rows: row `b*K + k` selects `classes[b][k]`. */
export function oneHotRows(classes: readonly (readonly number[])[], k: number, numClasses: number): tf.Tensor2D {
  const data = new Float32Array(classes.length * k * numClasses);
  classes.forEach((row, b) => row.forEach((c, j) => (data[(b * k + j) * numClasses + c] = 1)));
  return tf.tensor2d(data, [classes.length * k, numClasses]);
}

/**
 * Repeats every row of `t` K times in place (`[B, ...] → [B*K, ...]`, rows b*K..b*K+K-1 equal `t[b]`). Float tensors
 * are repeated by a broadcasting multiply with ones, exact for every value (x·1 = x, also for -0, ±Inf and NaN) and
 * one SIMD pass on every backend (the stock wasm Tile kernel is ~100× slower, see `wasm-tile.ts`); other dtypes use
 * tile.
 */
export function repeatRows(t: tf.Tensor, k: number): tf.Tensor {
  if (k === 1) return tf.clone(t);
  const expanded = tf.expandDims(t, 1);
  const rest = t.shape.slice(1).map(() => 1);
  const tiled = t.dtype === 'float32' ? tf.mul(expanded, tf.ones([1, k, ...rest])) : tf.tile(expanded, [1, k, ...rest]);
  return tf.reshape(tiled, [t.shape[0]! * k, ...t.shape.slice(1)]);
}

/**
 * `d logit[classes[b][k]] / d A[b]` for all (b, k) in one backward pass: A and the crossing tensors are repeated to
 * B*K rows, the objective is `sum(logits * oneHot)` (no `gather`: its gradient needs UnsortedSegmentSum), and the
 * gradient is taken with respect to the repeated A only, with weight-gradient kernels switched off (and TF.js's
 * slice-per-repetition Tile gradient replaced by one reduction, see `fast-tile-grad.ts`). Each row's
 * logits depend only on that row, so row b*K+k of the gradient is exactly the per-class gradient.
 * `batched[i]` says whether crossing tensor i has a batch dimension to repeat (GraphModel shape tensors do not).
 */
export function autodiffClassGradients(
  head: HeadFn,
  body: BodyOutput,
  classes: readonly (readonly number[])[],
  numClasses: number,
  batched?: readonly boolean[],
): ClassGradients {
  const [b, h, w, c] = body.activation.shape;
  const k = checkClasses(classes, b, numClasses);
  return tf.tidy(() => {
    const seeds = oneHotRows(classes, k, numClasses);
    const a = repeatRows(body.activation, k) as tf.Tensor4D;
    const crossing = body.crossing.map((t, i) => (batched && !batched[i] ? t : repeatRows(t, k)));
    let tiledLogits: tf.Tensor2D | undefined;
    const grad = withoutWeightGradients(() =>
      withFastTileGradient(() =>
        tf.grad((x: tf.Tensor) => {
          const logits = head(x as tf.Tensor4D, crossing);
          tiledLogits = tf.keep(logits);
          return tf.sum(tf.mul(logits, seeds));
        })(a),
      ),
    );
    // Row b*K of the repeated batch carries image b's logits: no second forward pass is needed.
    const logits = tf.reshape(tf.slice(tf.reshape(tiledLogits!, [b, k, numClasses]), [0, 0, 0], [b, 1, numClasses]), [b, numClasses]);
    tiledLogits!.dispose();
    return { logits: logits as tf.Tensor2D, gradients: tf.reshape(grad, [b, k, h, w, c]) };
  });
}
