import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** mulberry32: a tiny seeded PRNG, so test weights do not depend on TF.js initialisers or Math.random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function uniform(rand: () => number, n: number, lo: number, hi: number): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

/** He-normal values (Box-Muller) for a kernel with `fanIn` inputs per output. */
export function heNormal(rand: () => number, n: number, fanIn: number): Float32Array {
  const sd = Math.sqrt(2 / fanIn);
  return Float32Array.from({ length: n }, () => sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
}

/** Values for one weight, by its role (read from the weight's name). */
export function weightValues(rand: () => number, name: string, shape: readonly number[]): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  if (/kernel$/.test(name)) {
    // Conv kernels [kh, kw, in, out] / depthwise [kh, kw, in, mult] / dense [in, out]: fan-in excludes the last axis
    // (and, for depthwise, the input channels, which are not summed over).
    const fanIn = /depthwise_kernel$/.test(name) ? shape[0]! * shape[1]! : n / shape[shape.length - 1]!;
    return heNormal(rand, n, fanIn);
  }
  if (/gamma$/.test(name)) return uniform(rand, n, 0.6, 1.4);
  if (/beta$/.test(name)) return uniform(rand, n, -0.6, 0.2);
  if (/moving_mean$/.test(name)) return uniform(rand, n, -0.3, 0.3);
  if (/moving_variance$/.test(name)) return uniform(rand, n, 0.4, 2.0);
  return uniform(rand, n, -0.1, 0.1); // biases
}

/** Overwrites every weight of `model` from a PRNG seeded with `seed`, in the model's weight order. */
export function setSeededWeights(model: tfl.LayersModel, seed: number): void {
  const rand = mulberry32(seed);
  const values = model.weights.map((w) => tf.tensor(weightValues(rand, w.originalName, w.shape as number[]), w.shape as number[]));
  model.setWeights(values);
  tf.dispose(values);
}

/** A `[B, H, W, C]` batch of seeded uniform values in [0, 1). */
export function seededImages(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  return tf.tensor4d(uniform(mulberry32(seed), shape.reduce((a, b) => a * b, 1), 0, 1), shape);
}
