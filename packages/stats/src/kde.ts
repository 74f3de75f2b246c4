import { StatsInputError } from './errors.js';
import { linspace } from './linspace.js';
import { pairwiseSum } from './summation.js';
import { checkNumber, toFloat64 } from './validate.js';

/** Bandwidth rule: scipy's 'scott' (default) or 'silverman', or a fixed factor. */
export type BandwidthMethod = 'scott' | 'silverman' | number;

/** A fitted one-dimensional Gaussian KDE. */
export interface GaussianKde {
  n: number;
  /** Effective sample size 1/Σw², w = 1/n (numpy-summed, so 9.999999999999996 for n = 10, as scipy reports). */
  neff: number;
  /** Bandwidth factor (`kde.factor`): Scott n^(−1/5), Silverman (3n/4)^(−1/5), or the given number. */
  factor: number;
  /** Weighted sample variance of the data (`kde._data_covariance`, np.cov with aweights 1/n). */
  dataCovariance: number;
  /** `kde.covariance` = factor² · dataCovariance. */
  covariance: number;
  /** Kernel standard deviation √covariance (seaborn's `bw`). */
  bandwidth: number;
  /** The data, as fitted. */
  dataset: Float64Array;
  /** Density at each point (`kde.evaluate(points)` / `kde(points)`). */
  evaluate(points: ArrayLike<number>): Float64Array;
}

/**
 * `scipy.stats.gaussian_kde(values, bw_method=…)` for 1-D data (scipy 1.10.1): weights 1/n, neff = 1/Σw²,
 * covariance = np.cov(values, aweights=w)·factor², and `evaluate` as scipy's `gaussian_kernel_estimate` with the
 * Cholesky factor σ = √covariance: Σ_i w_i·exp(−((x_i − g)/σ)²/2)·(2π)^(−½)/σ. Needs ≥ 2 finite values that are
 * not all equal (scipy raises LinAlgError for a singular covariance; this throws StatsInputError).
 */
export function gaussianKde(values: ArrayLike<number>, opts: { bwMethod?: BandwidthMethod } = {}): GaussianKde {
  const fn = 'gaussianKde';
  const x = toFloat64(fn, 'values', values, { minLength: 2 });
  const n = x.length;
  const bw = opts.bwMethod ?? 'scott';
  const w = new Float64Array(n).fill(1 / n);
  const neff = 1 / pairwiseSum(w.map((v) => v * v));
  let factor: number;
  if (bw === 'scott') factor = Math.pow(neff, -1 / 5);
  else if (bw === 'silverman') factor = Math.pow((neff * 3) / 4, -1 / 5);
  else if (typeof bw === 'number') factor = checkNumber(fn, 'bwMethod', bw, 0, Infinity, { lo: true, hi: true });
  else throw new StatsInputError(`${fn}: option bwMethod must be 'scott', 'silverman' or a positive number, got ${JSON.stringify(bw)}`, { fn });
  // np.cov(x, aweights=w): avg = Σ(x·w)/Σw; fact = Σw − Σ(w·w)/Σw; c = Σ (x−avg)·(x−avg)·w / fact
  const wSum = pairwiseSum(w);
  const avg = pairwiseSum(x.map((v, i) => v * w[i])) / wSum;
  const fact = wSum - pairwiseSum(w.map((v) => v * v)) / wSum;
  const dev = x.map((v) => v - avg);
  const dataCovariance = pairwiseSum(dev.map((v, i) => v * (v * w[i]))) * (1 / fact);
  if (!(dataCovariance > 0) || !Number.isFinite(dataCovariance)) {
    throw new StatsInputError(`${fn}: values have zero variance (all equal), the kernel covariance is singular`, { fn });
  }
  const covariance = dataCovariance * factor ** 2;
  const sigma = Math.sqrt(covariance);
  const dataset = Float64Array.from(x);
  const scaled = dataset.map((v) => v / sigma);
  const norm = Math.pow(2 * Math.PI, -1 / 2) / sigma;
  const evaluate = (points: ArrayLike<number>): Float64Array => {
    const g = toFloat64(`${fn}.evaluate`, 'points', points, { allowInfinite: true });
    const gs = g.map((v) => v / sigma);
    const out = new Float64Array(g.length);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < gs.length; j++) {
        const r = scaled[i] - gs[j];
        out[j] += w[i] * (Math.exp(-(r * r) / 2) * norm);
      }
    }
    return out;
  };
  return { n, neff, factor, dataCovariance, covariance, bandwidth: sigma, dataset, evaluate };
}

/**
 * Not a scipy function: seaborn 0.12's default KDE support (`KDE._define_support_grid`): `np.linspace(max(min(x) − cut·bw, clip[0]),
 * min(max(x) + cut·bw, clip[1]), gridsize)`, with bw the kernel standard deviation. Defaults gridsize 200, cut 3.
 */
export function kdeSupportGrid(values: ArrayLike<number>, bw: number, gridsize = 200, cut = 3, clip: readonly [number, number] = [-Infinity, Infinity]): Float64Array {
  const fn = 'kdeSupportGrid';
  const x = toFloat64(fn, 'values', values);
  checkNumber(fn, 'bw', bw, 0, Infinity, { hi: true });
  checkNumber(fn, 'cut', cut, 0, Infinity, { hi: true });
  let lo = x[0];
  let hi = x[0];
  for (const v of x) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return linspace(Math.max(lo - bw * cut, clip[0]), Math.min(hi + bw * cut, clip[1]), gridsize);
}

/** Options of {@link kdeCurve}, seaborn `kdeplot` defaults. */
export interface KdeCurveOptions {
  bwMethod?: BandwidthMethod;
  bwAdjust?: number;
  gridsize?: number;
  cut?: number;
}

/**
 * Not a scipy function: the curve `seaborn.kdeplot(values)` draws (seaborn 0.12 defaults): fit `gaussian_kde`, multiply its factor by
 * `bwAdjust` (`kde.set_bandwidth(kde.factor * bw_adjust)`), then evaluate on {@link kdeSupportGrid}.
 */
export function kdeCurve(values: ArrayLike<number>, opts: KdeCurveOptions = {}): { grid: Float64Array; density: Float64Array; kde: GaussianKde } {
  const adjust = checkNumber('kdeCurve', 'bwAdjust', opts.bwAdjust ?? 1, 0, Infinity, { lo: true, hi: true });
  let kde = gaussianKde(values, { bwMethod: opts.bwMethod ?? 'scott' });
  if (adjust !== 1) kde = gaussianKde(values, { bwMethod: kde.factor * adjust });
  const grid = kdeSupportGrid(values, kde.bandwidth, opts.gridsize ?? 200, opts.cut ?? 3);
  return { grid, density: kde.evaluate(grid), kde };
}
