import * as tf from '@tensorflow/tfjs-core';
import { SaliencyError } from '../errors.js';

/**
 * Per-image min-max scaling as pytorch-grad-cam's `scale_cam_image`: `x - min`, then `/ (eps + max)`.
 * `x` is `[B, h, w]`; returns a fresh tensor. An all-zero map stays zero; a constant map becomes zero.
 */
export function minMaxScale(x: tf.Tensor3D, eps = 1e-7): tf.Tensor3D {
  return tf.tidy(() => {
    const shifted = tf.sub(x, tf.min(x, [1, 2], true));
    return tf.div(shifted, tf.add(tf.max(shifted, [1, 2], true), eps)) as tf.Tensor3D;
  });
}

/**
 * Bilinear resize of `[B, h, w]` maps with half-pixel centres and edge clamping: exactly OpenCV's INTER_LINEAR
 * (what `cv2.resize` does inside `scale_cam_image`). Returns a fresh tensor.
 */
export function resizeHalfPixel(x: tf.Tensor3D, size: readonly [number, number]): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, h, w] = x.shape;
    if (h === size[0] && w === size[1]) return x.clone();
    const r = tf.image.resizeBilinear(tf.reshape(x, [b, h, w, 1]) as tf.Tensor4D, [size[0], size[1]], false, true);
    return tf.reshape(r, [b, size[0], size[1]]) as tf.Tensor3D;
  });
}

/** `x` repeated `n` times along a new leading batch axis (`[n*B, ...]`, image-major): for head passes. */
export function repeatBatch<T extends tf.Tensor>(x: T, n: number): T {
  return tf.tidy(() => {
    if (n === 1) return x.clone();
    const [b, ...rest] = x.shape;
    const expanded = tf.expandDims(x, 1);
    const tiled = tf.tile(expanded, [1, n, ...rest.map(() => 1)]);
    return tf.reshape(tiled, [b! * n, ...rest]) as T;
  });
}

/** Throws a clear error when a tensor holds NaN or ±Infinity (input pixels, activations). */
export async function assertFinite(x: tf.Tensor, what: string): Promise<void> {
  const bad = tf.tidy(() => tf.logicalNot(tf.all(tf.isFinite(x))));
  const v = (await bad.data())[0];
  bad.dispose();
  if (v) {
    throw new SaliencyError('SALIENCY_INVALID_INPUT', `${what} contains NaN or Infinity`);
  }
}
