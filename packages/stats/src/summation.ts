/**
 * Summation in numpy's order, so that means and sums agree with numpy/scipy to the last bit where that matters
 * (e.g. whether a variance is exactly zero).
 */

const BLOCK = 128;

function pairwise(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= BLOCK) {
    let r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
    let r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const k = start + i;
      r0 += a[k]; r1 += a[k + 1]; r2 += a[k + 2]; r3 += a[k + 3];
      r4 += a[k + 4]; r5 += a[k + 5]; r6 += a[k + 6]; r7 += a[k + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/**
 * Not a scipy function: `numpy.sum(a[start:end])` for a contiguous float64 array (numpy 1.24 `np.add.reduce`): the identity 0 plus
 * numpy's pairwise summation (`pairwise_sum_DOUBLE`: blocks of at most 128 with 8 partial accumulators).
 */
export function pairwiseSum(a: ArrayLike<number>, start = 0, end: number = a.length): number {
  const s = Math.max(0, start);
  const e = Math.min(a.length, end);
  if (e <= s) return 0;
  return 0 + pairwise(a, s, e - s);
}
