import * as tf from '@tensorflow/tfjs-core';
import { maxAbsDiff } from '@saliency/core/testing';

/** max |a - b| / max(1e-12, max |b|): a scale-free distance for gradients of any magnitude. */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 1e-12;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  return maxAbsDiff(a, b) / scale;
}

export async function values(t: tf.Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
}

/** Row-wise softmax in float64, independent of TF.js. */
export function softmaxRows(logits: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let r = 0; r < logits.length / n; r++) {
    let m = -Infinity;
    for (let j = 0; j < n; j++) m = Math.max(m, logits[r * n + j]!);
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(logits[r * n + j]! - m);
    for (let j = 0; j < n; j++) out[r * n + j] = Math.exp(logits[r * n + j]! - m) / s;
  }
  return out;
}
