import { betainc } from '@saliency/stats';
import type { Num } from './num.js';

/**
 * Distribution-free confidence interval for a median: `[x₍k₎, x₍n−k+1₎]` with k the largest order such that
 * `P(B ≤ k − 1) ≤ (1 − level)/2` for `B ~ Binomial(n, ½)` (the sign-test interval, coverage ≥ level). The binomial
 * CDF is the regularised incomplete beta `I_½(n − m, m + 1)` from @saliency/stats. Null, with a reason, when n
 * is too small for any such interval.
 */
export function medianCi(values: readonly number[], level: number): { level: number; low: Num; high: Num; reason?: string } {
  const x = [...values].sort((a, b) => a - b);
  const n = x.length;
  const tail = (1 - level) / 2;
  const cdf = (m: number) => (m < 0 ? 0 : m >= n ? 1 : betainc(n - m, m + 1, 0.5));
  let k = 0;
  while (k + 1 <= n && cdf(k) <= tail) k++;
  if (k === 0) return { level, low: null, high: null, reason: `n = ${n} is too small for a ${level * 100}% interval` };
  return { level, low: x[k - 1]!, high: x[n - k]! };
}
