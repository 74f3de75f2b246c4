import * as tf from '@tensorflow/tfjs-core';

/** Runs `fn` and returns how many tensors it left behind (after disposing what it returned via `cleanup`). */
export async function countLeaks<T>(fn: () => Promise<T> | T, cleanup: (r: T) => void = () => {}): Promise<number> {
  const before = tf.memory().numTensors;
  const r = await fn();
  cleanup(r);
  return tf.memory().numTensors - before;
}

/** Max |a - b| over two equally long arrays (NaN if either holds NaN where the other does not). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (Number.isNaN(d)) return Number.NaN;
    if (d > m) m = d;
  }
  return m;
}
