import type { Num } from '../analysis/num.js';

/**
 * Numbers as people read them. A missing statistic never prints as NaN: it prints `n/a (<reason>)`, the
 * reason being the one the statistics gave (e.g. "every difference is zero, so t = 0/0").
 */
export function fmt(x: Num | undefined, dp = 2, reason?: string): string {
  return x === null || x === undefined || !Number.isFinite(x) ? `n/a (${reason ?? 'not computed'})` : x.toFixed(dp);
}

/** A p-value with four decimals, or `<0.0001`. */
export function fmtP(p: Num | undefined, reason?: string): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return `n/a (${reason ?? 'no test'})`;
  return p < 1e-4 ? '<0.0001' : p.toFixed(4);
}

/** `mean ± sd`, the sd alone falling back to n/a for a single image. */
export function meanSd(mean: Num, sd: Num, dp = 4, reason?: string): string {
  if (mean === null) return `n/a (${reason ?? 'no values'})`;
  return `${mean.toFixed(dp)} ± ${sd === null ? 'n/a (n < 2)' : sd.toFixed(dp)}`;
}

/** `[low, high]`, or n/a with the reason. */
export function interval(ci: { low: Num; high: Num; reason?: string }, dp = 2): string {
  return ci.low === null || ci.high === null ? `n/a (${ci.reason ?? 'not computed'})` : `[${ci.low.toFixed(dp)}, ${ci.high.toFixed(dp)}]`;
}
