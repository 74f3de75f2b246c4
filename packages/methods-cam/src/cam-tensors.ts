/** The tensor steps of the CAM pipeline, shared by its methods and by CASE. Call sites own what they return. */
import * as tf from '@tensorflow/tfjs-core';
import { minMaxScale, resizeHalfPixel } from '@saliency/core';

/**
 * `[B, K, h, w, C]` class gradients → `[B, h, w, C]` of class slot `j`. Sliced as `[B, K, h·w·C]`: wasm's Slice of
 * a rank-5 tensor takes a slow generic path (0.5 s for one slot of `[8, 4, 7, 7, 2048]`, 100× the rank-3 slice).
 */
export function classSlot(classGrads: tf.Tensor, j: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, k, h, w, c] = classGrads.shape as [number, number, number, number, number];
    const flat = tf.reshape(classGrads, [b, k, h * w * c]);
    return tf.reshape(k === 1 ? flat : tf.slice(flat, [0, j, 0], [b, 1, -1]), [b, h, w, c]) as tf.Tensor4D;
  });
}

/** `Σ_k w_k A_k`: `[B, h, w, C]` activation and `[B, C]` weights → `[B, h, w]`. */
export function weightedSum(activation: tf.Tensor4D, weights: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, , , c] = activation.shape;
    return tf.sum(tf.mul(activation, tf.reshape(weights, [b, 1, 1, c])), 3) as tf.Tensor3D;
  });
}

/** Spatial mean `[B, h, w, C]` → `[B, C]` (global average pooling of gradients). */
export function spatialMean(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}

/** ReLU, min-max, resize, and (double) min-max again: §1.3 steps 2-4 for one layer. Returns a fresh tensor. */
export function scaleCam(raw: tf.Tensor3D, size: readonly [number, number], normalization: 'double' | 'single'): tf.Tensor3D {
  return tf.tidy(() => {
    const scaled = resizeHalfPixel(minMaxScale(tf.relu(raw)), size);
    return normalization === 'double' ? minMaxScale(tf.relu(scaled)) : scaled;
  });
}

/**
 * Image `b` of every crossing tensor, repeated `n` times, for a head pass over `n` variants of that image.
 * Crossing tensors without an image batch dimension (a GraphModel's shape tensors: not float32, rank < 2, or a
 * leading size other than `batch`) are passed through unchanged. Call inside `tf.tidy`.
 */
export function crossingFor(crossing: readonly tf.Tensor[], b: number, n: number, batch: number): tf.Tensor[] {
  return crossing.map((t) => (t.dtype === 'float32' && t.rank >= 2 && t.shape[0] === batch ? repeatImage(tf.slice(t, [b], [1]), n) : t));
}

/**
 * `[1, ...]` float tensor → `n` copies `[n, ...]`, by a broadcasting multiply with ones: exact for every value
 * (x·1 = x, also -0, ±Inf and NaN) and one pass on every backend, where the stock wasm `tile` (core's `repeatBatch`)
 * runs ~100× slower than a binary op.
 */
export function repeatImage<T extends tf.Tensor>(x: T, n: number): T {
  return tf.tidy(() => tf.mul(x, tf.ones([n, ...x.shape.slice(1).map(() => 1)])) as T);
}
