import { StatsInputError } from './errors.js';

function checkP(fn: string, pvalues: ArrayLike<number>): number[] {
  if (pvalues === null || pvalues === undefined || typeof pvalues.length !== 'number') {
    throw new StatsInputError(`${fn}: pvalues must be an array of numbers`, { fn });
  }
  const out: number[] = [];
  for (let i = 0; i < pvalues.length; i++) {
    const p = pvalues[i];
    if (typeof p !== 'number' || (!Number.isNaN(p) && (p < 0 || p > 1))) {
      throw new StatsInputError(`${fn}: pvalues[${i}] is ${String(p)}, p-values must lie in [0, 1] (NaN allowed)`, { fn, index: i });
    }
    out.push(p);
  }
  return out;
}

/**
 * Holm–Bonferroni step-down adjusted p-values, as `statsmodels.stats.multitest.multipletests(p, method='holm')`
 * (not a scipy 1.10.1 function): sort the m non-NaN p-values ascending, p̃₍ᵢ₎ = max_{j≤i} min(1, (m − j + 1)·p₍ⱼ₎),
 * returned in input order. NaN entries stay NaN and do not count in m. Reject H₀ᵢ at level α iff p̃ᵢ ≤ α.
 */
export function holm(pvalues: ArrayLike<number>): Float64Array {
  const p = checkP('holm', pvalues);
  const idx = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]));
  idx.sort((i, j) => p[i] - p[j] || i - j);
  const m = idx.length;
  const out = new Float64Array(p.length).fill(NaN);
  let running = 0;
  idx.forEach((i, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p[i]));
    out[i] = running;
  });
  return out;
}

/**
 * Bonferroni adjusted p-values min(1, m·p) with m the number of non-NaN p-values, as `multipletests(p,
 * method='bonferroni')` (not a scipy 1.10.1 function); NaN stays NaN.
 */
export function bonferroni(pvalues: ArrayLike<number>): Float64Array {
  const p = checkP('bonferroni', pvalues);
  const m = p.filter((v) => !Number.isNaN(v)).length;
  return Float64Array.from(p, (v) => (Number.isNaN(v) ? NaN : Math.min(1, m * v)));
}
