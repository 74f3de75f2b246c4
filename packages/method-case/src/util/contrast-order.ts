/** The two contrast-set orders of ALGORITHMS.md §10 #5 over one confusion-matrix row. */
import { numpyArgsort as argsortNumpy } from '@saliency/core';

/** Default: the target excluded, descending count, then ascending class index. */
export function contrastsByCount(row: ArrayLike<number>, target: number, k: number): number[] {
  return Array.from({ length: row.length }, (_, i) => i)
    .filter((v) => v !== target)
    .sort((a, b) => row[b]! - row[a]! || a - b)
    .slice(0, k);
}

/**
 * Reference parity (`get_semantically_similar_classes`, §2.3): the row divided by its sum (a zero-sum row by 1) in
 * float64, its diagonal entry set to 0 (not removed, so the target itself can be picked), numpy 1.24's
 * `argsort`, the last k reversed.
 */
export function contrastsNumpy(row: ArrayLike<number>, target: number, k: number): number[] {
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += row[i]!;
  const div = sum === 0 ? 1 : sum;
  const norm = Float64Array.from({ length: row.length }, (_, i) => row[i]! / div);
  norm[target] = 0;
  const order = argsortNumpy(norm);
  return Array.from(order.slice(order.length - k)).reverse();
}
