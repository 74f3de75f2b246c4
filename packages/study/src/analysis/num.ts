/** A statistic as stored in summary.json: a finite number, or null (with a reason next to it). */
export type Num = number | null;

export const num = (x: number | undefined): Num => (x !== undefined && Number.isFinite(x) ? x : null);

/** `x` rounded to `dp` decimals as Python's `'%.{dp}f' % x` (what the reference CSV round-trip does). */
export const roundTo = (x: number, dp: number): number => Number(x.toFixed(dp));
