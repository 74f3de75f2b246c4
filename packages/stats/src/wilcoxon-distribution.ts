import { StatsInputError } from './errors.js';

/** Largest n for which the exact null distribution is built (it costs ~n³/3 additions). */
export const WILCOXON_EXACT_MAX_N = 2000;

const cache = new Map<number, Float64Array>();

/**
 * The exact null distribution of the signed-rank sum W⁺ for n untied, non-zero differences: entry t is
 * P₀(W⁺ = t) = #{subsets of {1..n} with sum t} / 2ⁿ, t = 0..n(n+1)/2. Built exactly as scipy 1.10.1's
 * `scipy.stats._morestats._get_wilcoxon_distr(n)`: start from [1] and for k = 1..n halve the previous vector and
 * add it at offsets 0 and k. The returned array is shared (cached); do not modify it.
 */
export function wilcoxonNullPmf(n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0 || n > WILCOXON_EXACT_MAX_N) {
    throw new StatsInputError(`wilcoxonNullPmf: n must be an integer in [0, ${WILCOXON_EXACT_MAX_N}], got ${n}`, { fn: 'wilcoxonNullPmf' });
  }
  const hit = cache.get(n);
  if (hit) return hit;
  let c = new Float64Array([1]);
  for (let k = 1; k <= n; k++) {
    const prev = c;
    c = new Float64Array((k * (k + 1)) / 2 + 1);
    const m = prev.length;
    const off = c.length - m;
    for (let i = 0; i < m; i++) c[i] = prev[i] * 0.5;
    for (let i = 0; i < m; i++) c[off + i] += prev[i] * 0.5;
  }
  if (cache.size >= 64) cache.delete(cache.keys().next().value as number);
  cache.set(n, c);
  return c;
}
