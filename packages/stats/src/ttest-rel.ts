import { studentTCdf, studentTQuantile } from './student-t.js';
import { pairwiseSum } from './summation.js';
import { checkNumber, checkOption, checkSameLength, pairedDifferences, toFloat64 } from './validate.js';
import type { Alternative } from './wilcoxon.js';

/** Options of {@link ttestRel}. */
export interface TtestRelOptions {
  /** Default 'two-sided' (the authors' call). */
  alternative?: Alternative;
  /** Level of `confidenceInterval`. Default 0.95. */
  confidenceLevel?: number;
}

/** A confidence interval for the mean difference. */
export interface ConfidenceInterval {
  level: number;
  low: number;
  high: number;
}

/** Result of {@link ttestRel}. */
export interface TtestRelResult {
  /** t = mean(d) / (sd(d)/√n); NaN when every difference is 0, ±Infinity for a constant non-zero difference. */
  statistic: number;
  pvalue: number;
  df: number;
  alternative: Alternative;
  n: number;
  /** mean(a − b), scipy's `estimate`. */
  estimate: number;
  /** sd(d, ddof = 1)/√n, scipy's `standard_error`. */
  standardError: number;
  /** Cohen's d_z = mean(d)/sd(d) = t/√n. */
  cohensDz: number;
  /** `result.confidence_interval(confidenceLevel)` (one-sided for one-sided alternatives). */
  confidenceInterval: ConfidenceInterval;
  /** scipy's warnings for this call, verbatim. */
  warnings: string[];
  /** Plain-language reason when the statistic is NaN. */
  reason?: string;
}

const W_PRECISION =
  'Precision loss occurred in moment calculation due to catastrophic cancellation. This occurs when the data are nearly identical. Results may be unreliable.';

/**
 * Paired t-test `scipy.stats.ttest_rel(a, b, alternative=…)` (scipy 1.10.1): d = a − b in float64,
 * v = mean((d − mean d)²)·n/(n − 1) with numpy's pairwise sums, t = mean(d)/√(v/n), df = n − 1, and
 * p from `stdtr` (`less`: F(t), `greater`: F(−t), two-sided: 2F(−|t|)). Equal vectors give t = p = NaN; an exactly
 * constant non-zero difference gives t = ±Infinity (p = 0 or 1) with scipy's precision-loss warning.
 * The confidence interval is scipy's `TtestResult.confidence_interval(confidence_level)`: estimate +
 * `stdtrit(df, ·)`·standard_error. Throws {@link StatsInputError} for empty, non-finite or mismatched input.
 */
export function ttestRel(a: ArrayLike<number>, b: ArrayLike<number>, opts: TtestRelOptions = {}): TtestRelResult {
  const fn = 'ttestRel';
  const alternative = checkOption<Alternative>(fn, 'alternative', opts.alternative ?? 'two-sided', ['two-sided', 'less', 'greater']);
  const level = checkNumber(fn, 'confidenceLevel', opts.confidenceLevel ?? 0.95, 0, 1);
  const as = toFloat64(fn, 'a', a);
  const bs = toFloat64(fn, 'b', b);
  checkSameLength(fn, 'a', as, 'b', bs);
  const d = pairedDifferences(fn, as, bs, ['a', 'b']);
  const n = d.length;
  const df = n - 1;
  const warnings: string[] = [];

  const dm = pairwiseSum(d) / n;
  const dev = d.map((x) => x - dm);
  let maxDev = 0;
  for (const x of dev) maxDev = Math.max(maxDev, Math.abs(x));
  if (maxDev / Math.abs(dm) < 1e-15 * 10 && n > 1) warnings.push(W_PRECISION);
  const v = (pairwiseSum(dev.map((x) => x * x)) / n) * (n / (n - 1)); // numpy: var *= n/(n − ddof); n = 1 → 0·∞ = NaN
  const denom = Math.sqrt(v / n);
  const t = dm / denom;
  const pvalue = tPvalue(t, df, alternative);
  const ci = tConfidenceInterval(dm, denom, df, level, alternative);
  let reason: string | undefined;
  if (Number.isNaN(t)) reason = n < 2 ? 'n = 1 leaves no degrees of freedom' : 'every difference is zero, so t = 0/0';
  return {
    statistic: t, pvalue, df, alternative, n, estimate: dm, standardError: denom, cohensDz: dm / Math.sqrt(v),
    confidenceInterval: ci, warnings, ...(reason ? { reason } : {}),
  };
}

/** p-value of a t statistic as scipy 1.10.1's `_ttest_finish(df, t, alternative)`. */
export function tPvalue(t: number, df: number, alternative: Alternative = 'two-sided'): number {
  if (alternative === 'less') return studentTCdf(t, df);
  if (alternative === 'greater') return studentTCdf(-t, df);
  return studentTCdf(-Math.abs(t), df) * 2;
}

/**
 * scipy's `_t_confidence_interval` (behind `TtestResult.confidence_interval`, scipy ≥ 1.10): two-sided
 * [est + q(α/2)·se, est + q(1 − α/2)·se]; 'less' (−∞, est + q(level)·se]; 'greater' [est + q(1 − level)·se, ∞),
 * with q the Student t quantile (`stdtrit`) and α = 1 − level.
 */
export function tConfidenceInterval(estimate: number, standardError: number, df: number, level = 0.95, alternative: Alternative = 'two-sided'): ConfidenceInterval {
  checkNumber('tConfidenceInterval', 'level', level, 0, 1);
  let qLow: number;
  let qHigh: number;
  if (alternative === 'less') {
    qLow = -Infinity;
    qHigh = studentTQuantile(level, df);
  } else if (alternative === 'greater') {
    qLow = studentTQuantile(1 - level, df);
    qHigh = Infinity;
  } else {
    const tail = (1 - level) / 2;
    qLow = studentTQuantile(tail, df);
    qHigh = studentTQuantile(1 - tail, df);
  }
  return { level, low: qLow * standardError + estimate, high: qHigh * standardError + estimate };
}
