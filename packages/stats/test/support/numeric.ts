import { expect } from 'vitest';

/** |a − b| / |b| (0 when equal, including both NaN or the same infinity). */
export function relErr(actual: number, expected: number): number {
  if (Object.is(actual, expected) || actual === expected || (Number.isNaN(actual) && Number.isNaN(expected))) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** Asserts |actual − expected| ≤ abs + rel·|expected|; NaN must meet NaN and infinities must match exactly. */
export function expectClose(actual: number, expected: number, tol: { abs?: number; rel?: number } = {}, label = ''): void {
  const abs = tol.abs ?? 0;
  const rel = tol.rel ?? 0;
  if (Number.isNaN(expected) || !Number.isFinite(expected)) {
    expect(actual, label).toBe(expected);
    return;
  }
  const ok = Math.abs(actual - expected) <= abs + rel * Math.abs(expected);
  if (!ok) expect.fail(`${label}: ${actual} vs expected ${expected} (|Δ| = ${Math.abs(actual - expected)}, rel ${relErr(actual, expected)})`);
}

/** The brief's tolerance for scipy parity: 1e-9 absolute + 1e-7 relative. */
export const SCIPY_TOL = { abs: 1e-9, rel: 1e-7 } as const;

/** Running maximum of relative deviations, for the tighter regression bounds. */
export class MaxDeviation {
  value = 0;
  where = '';
  add(actual: number, expected: number, where: string): void {
    const e = relErr(actual, expected);
    if (e > this.value) {
      this.value = e;
      this.where = where;
    }
  }
}
