import { pairwiseSum } from './summation.js';
import { checkNumber, toFloat64 } from './validate.js';

/** `numpy.mean(values)` (numpy 1.24: pairwise sum / n). Throws on empty or NaN input. */
export function mean(values: ArrayLike<number>): number {
  const v = toFloat64('mean', 'values', values, { allowInfinite: true });
  return pairwiseSum(v) / v.length;
}

/**
 * `numpy.var(values, ddof=ddof)` (numpy 1.24: mean by pairwise sum, then Σ(x − mean)² / (n − ddof)); default ddof
 * = 1 (the sample variance). NaN when n ≤ ddof. Throws on empty or NaN input.
 */
export function variance(values: ArrayLike<number>, ddof = 1): number {
  const v = toFloat64('variance', 'values', values, { allowInfinite: true });
  checkNumber('variance', 'ddof', ddof, 0, Infinity);
  const m = pairwiseSum(v) / v.length;
  const sq = v.map((x) => (x - m) * (x - m));
  const den = v.length - ddof;
  return den > 0 ? pairwiseSum(sq) / den : NaN;
}

/** `numpy.std(values, ddof=ddof)` = √variance; default ddof = 1 (pandas' `std`). */
export function sd(values: ArrayLike<number>, ddof = 1): number {
  return Math.sqrt(variance(values, ddof));
}

/** Smallest value (`numpy.min`). Throws on empty or NaN input. */
export function min(values: ArrayLike<number>): number {
  const v = toFloat64('min', 'values', values, { allowInfinite: true });
  let m = v[0];
  for (const x of v) if (x < m) m = x;
  return m;
}

/** Largest value (`numpy.max`). Throws on empty or NaN input. */
export function max(values: ArrayLike<number>): number {
  const v = toFloat64('max', 'values', values, { allowInfinite: true });
  let m = v[0];
  for (const x of v) if (x > m) m = x;
  return m;
}

function sortedCopy(fn: string, values: ArrayLike<number>): Float64Array {
  return toFloat64(fn, 'values', values, { allowInfinite: true }).sort();
}

/**
 * `numpy.quantile(values, q)` with the default method 'linear' (numpy 1.24): virtual index h = (n − 1)·q,
 * interpolated by numpy's `_lerp` (a + (b − a)·t, or b − (b − a)(1 − t) when t ≥ ½). q in [0, 1].
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  checkNumber('quantile', 'q', q, 0, 1);
  return quantileSorted(sortedCopy('quantile', values), q);
}

function quantileSorted(s: Float64Array, q: number): number {
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  const t = h - lo;
  const a = s[lo];
  const b = s[hi];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** `numpy.median(values)`: the middle value, or the mean of the two middle values. */
export function median(values: ArrayLike<number>): number {
  return medianSorted(sortedCopy('median', values));
}

function medianSorted(s: Float64Array): number {
  const n = s.length;
  const k = n >> 1;
  return n % 2 === 1 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** Summary of one sample (sd and variance with ddof = 1; quartiles by numpy's linear method), see {@link describe}. */
export interface Description {
  n: number;
  mean: number;
  sd: number;
  variance: number;
  /** Standard error of the mean, sd/√n. */
  sem: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/**
 * n, mean, sd (ddof = 1), variance, sem, min, quartiles (numpy 'linear'), median and max of `values`, the numbers
 * the analysis scripts print (pandas `describe()` conventions). Not `scipy.stats.describe`, which reports
 * skewness and kurtosis instead of quantiles.
 */
export function describe(values: ArrayLike<number>): Description {
  const x = toFloat64('describe', 'values', values, { allowInfinite: true });
  const s = Float64Array.from(x).sort();
  const n = s.length;
  const v = variance(x, 1);
  const sdv = Math.sqrt(v);
  return {
    n,
    mean: pairwiseSum(x) / n,
    sd: sdv,
    variance: v,
    sem: sdv / Math.sqrt(n),
    min: s[0],
    q1: quantileSorted(s, 0.25),
    median: medianSorted(s),
    q3: quantileSorted(s, 0.75),
    max: s[n - 1],
  };
}
