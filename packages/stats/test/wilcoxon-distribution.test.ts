import { describe, expect, it } from 'vitest';
import { wilcoxonNullPmf, WILCOXON_EXACT_MAX_N } from '../src/wilcoxon-distribution.js';

/** Counts of subsets of {1..n} by their sum, by brute-force enumeration of all 2ⁿ subsets. */
function bruteForceCounts(n: number): number[] {
  const total = (n * (n + 1)) / 2;
  const counts = new Array<number>(total + 1).fill(0);
  for (let mask = 0; mask < 1 << n; mask++) {
    let s = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) s += i + 1;
    counts[s]++;
  }
  return counts;
}

describe('wilcoxonNullPmf (exact null distribution of W⁺)', () => {
  it('equals subset counts / 2ⁿ exactly for n = 0..16', () => {
    for (let n = 0; n <= 16; n++) {
      const expected = bruteForceCounts(n).map((c) => c / 2 ** n);
      expect(Array.from(wilcoxonNullPmf(n)), `n = ${n}`).toEqual(expected);
    }
  });

  it('is symmetric, sums to 1, and gives P(W⁺ = 0) = 2⁻ⁿ', () => {
    for (const n of [20, 49, 50, 200]) {
      const pmf = wilcoxonNullPmf(n);
      expect(pmf.length).toBe((n * (n + 1)) / 2 + 1);
      for (let i = 0; i < pmf.length; i++) expect(pmf[i]).toBe(pmf[pmf.length - 1 - i]);
      expect(Math.abs(pmf.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-13);
      expect(pmf[0]).toBe(2 ** -n);
    }
  });

  it('known values: n = 5 has P(W⁺ ≤ 0) = 1/32; n = 10 has P(W⁺ ≤ 11) = 0.052734375', () => {
    expect(wilcoxonNullPmf(5)[0]).toBe(1 / 32);
    const pmf10 = wilcoxonNullPmf(10);
    expect(pmf10.slice(0, 12).reduce((a, b) => a + b, 0)).toBe(54 / 1024);
  });

  it('rejects n outside [0, WILCOXON_EXACT_MAX_N]', () => {
    expect(() => wilcoxonNullPmf(-1)).toThrow(/n must be an integer/);
    expect(() => wilcoxonNullPmf(2.5)).toThrow(/n must be an integer/);
    expect(() => wilcoxonNullPmf(WILCOXON_EXACT_MAX_N + 1)).toThrow(/n must be an integer/);
  });
});
