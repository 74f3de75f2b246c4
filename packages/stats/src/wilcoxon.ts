import { rankBiserialFromSums } from './effect-size.js';
import { StatsInputError } from './errors.js';
import { normalCdf } from './normal.js';
import { tieGroupSizes } from './ranks.js';
import { signedRankSums, type ZeroMethod } from './signed-ranks.js';
import { pairwiseSum } from './summation.js';
import { checkOption, checkSameLength, pairedDifferences, toFloat64 } from './validate.js';
import { WILCOXON_EXACT_MAX_N, wilcoxonNullPmf } from './wilcoxon-distribution.js';

/** scipy's `alternative` argument (scipy 1.10.1 `wilcoxon` / `ttest_rel`). */
export type Alternative = 'two-sided' | 'less' | 'greater';
/** scipy's `zero_method` argument (re-exported from signed-ranks). */
export type { ZeroMethod } from './signed-ranks.js';

/** Options of {@link wilcoxon}, with scipy's defaults. */
export interface WilcoxonOptions {
  alternative?: Alternative;
  zeroMethod?: ZeroMethod;
  correction?: boolean;
  method?: 'auto' | 'exact' | 'approx';
}

/** Result of {@link wilcoxon}; never thrown for data-dependent failures (see `error`). */
export interface WilcoxonResult {
  /** r_plus for one-sided tests, min(r_plus, r_minus) for two-sided (scipy's `statistic`); NaN on error. */
  statistic: number;
  pvalue: number;
  /** (T − μ − cc)/σ whenever the normal approximation ran (scipy only attaches it when method='approx' was passed). */
  zstatistic?: number;
  effectiveMethod: 'exact' | 'approx';
  /** Length of d, zeros included. */
  n: number;
  nZero: number;
  /** Number of ranked differences (n − nZero for 'wilcox', n otherwise). */
  count: number;
  rPlus: number;
  rMinus: number;
  /** Matched-pairs rank-biserial correlation (r_plus − r_minus) / Σ ranks, in [−1, 1]; NaN when nothing was ranked. */
  rankBiserial: number;
  alternative: Alternative;
  zeroMethod: ZeroMethod;
  correction: boolean;
  method: 'auto' | 'exact' | 'approx';
  /** The warnings scipy 1.10.1 emits for this call, verbatim and in order. */
  warnings: string[];
  /** The exception text scipy raises (e.g. "ValueError: zero_method 'wilcox' and 'pratt' do not work …"). */
  error?: string;
  /** Plain-language reason when the p-value is NaN. */
  reason?: string;
}

const W_ZEROS = 'Exact p-value calculation does not work if there are zeros. Switching to normal approximation.';
const W_SMALL = 'Sample size too small for normal approximation.';
const E_ALL_ZERO = "ValueError: zero_method 'wilcox' and 'pratt' do not work if x - y is zero for all elements.";

/**
 * One-sample Wilcoxon signed-rank test on differences d, reproducing `scipy.stats.wilcoxon(d, zero_method=…,
 * correction=…, alternative=…, method=…)` of scipy 1.10.1 exactly: `auto` = exact iff len(d) ≤ 50 (zeros
 * counted); zeros in exact mode switch to the normal approximation with scipy's warning; exact p from the exact
 * null distribution with r_plus truncated by `int()` when ties make it fractional; the approximation uses the
 * tie-corrected variance, Cureton's adjustment for 'pratt', and the ±½ continuity correction when asked.
 * Where scipy raises (all d zero under 'wilcox'/'pratt') this returns statistic = p = NaN with `error` and
 * `reason` set. Throws {@link StatsInputError} for empty input, NaN values or unknown options (scipy would
 * return NaN for the first two).
 */
export function wilcoxon(d: ArrayLike<number>, opts: WilcoxonOptions = {}): WilcoxonResult {
  return wilcoxonOnDifferences('wilcoxon', toFloat64('wilcoxon', 'd', d, { allowInfinite: true }), opts);
}

/**
 * Paired form `scipy.stats.wilcoxon(x, y, …)` (scipy 1.10.1): the test of {@link wilcoxon} on d = x − y (float64).
 * Throws {@link StatsInputError} when the lengths differ, as scipy raises.
 */
export function wilcoxonPaired(x: ArrayLike<number>, y: ArrayLike<number>, opts: WilcoxonOptions = {}): WilcoxonResult {
  const fn = 'wilcoxonPaired';
  const xs = toFloat64(fn, 'x', x, { allowInfinite: true });
  const ys = toFloat64(fn, 'y', y, { allowInfinite: true });
  checkSameLength(fn, 'x', xs, 'y', ys);
  return wilcoxonOnDifferences(fn, pairedDifferences(fn, xs, ys), opts);
}

function wilcoxonOnDifferences(fn: string, d: Float64Array, opts: WilcoxonOptions): WilcoxonResult {
  const alternative = checkOption<Alternative>(fn, 'alternative', opts.alternative ?? 'two-sided', ['two-sided', 'less', 'greater']);
  const zeroMethod = checkOption<ZeroMethod>(fn, 'zeroMethod', opts.zeroMethod ?? 'wilcox', ['wilcox', 'pratt', 'zsplit']);
  const method = checkOption(fn, 'method', opts.method ?? 'auto', ['auto', 'exact', 'approx'] as const);
  const correction = opts.correction ?? false;
  if (typeof correction !== 'boolean') throw new StatsInputError(`${fn}: option correction must be a boolean`, { fn, option: 'correction' });

  const n = d.length;
  const warnings: string[] = [];
  let mode: 'exact' | 'approx' = method === 'auto' ? (n <= 50 ? 'exact' : 'approx') : method;
  let nZero = 0;
  for (const v of d) if (v === 0) nZero++;
  if (nZero > 0 && mode === 'exact') {
    mode = 'approx';
    warnings.push(W_ZEROS);
  }
  const base = { n, nZero, alternative, zeroMethod, correction, method, warnings, effectiveMethod: mode };
  if (mode === 'approx' && zeroMethod !== 'zsplit' && nZero === n) {
    return {
      ...base, statistic: NaN, pvalue: NaN, count: zeroMethod === 'wilcox' ? 0 : n, rPlus: NaN, rMinus: NaN, rankBiserial: NaN,
      error: E_ALL_ZERO,
      reason: `every difference is exactly zero, so zero_method '${zeroMethod}' leaves nothing to test (scipy raises ValueError)`,
    };
  }
  const s = signedRankSums(d, zeroMethod, mode === 'approx' && zeroMethod === 'wilcox');
  const count = s.ranked.length;
  if (count < 10 && mode === 'approx') warnings.push(W_SMALL);
  const { rPlus, rMinus } = s;
  const T = alternative === 'two-sided' ? Math.min(rPlus, rMinus) : rPlus;
  const common = { ...base, statistic: T, count, rPlus, rMinus, rankBiserial: rankBiserialFromSums(s, zeroMethod) };

  if (mode === 'approx') {
    let mn = count * (count + 1) * 0.25;
    let se = count * (count + 1) * (2 * count + 1);
    let tieRanks = s.ranks;
    if (zeroMethod === 'pratt') {
      tieRanks = s.ranks.filter((_, i) => s.ranked[i] !== 0);
      mn -= nZero * (nZero + 1) * 0.25;
      se -= nZero * (nZero + 1) * (2 * nZero + 1);
    }
    const reps = tieGroupSizes(tieRanks);
    if (reps.length > 0) se -= 0.5 * reps.reduce((acc, t) => acc + t * (t * t - 1), 0);
    se = Math.sqrt(se / 24);
    let cc = 0;
    if (correction) {
      if (alternative === 'two-sided') cc = 0.5 * Math.sign(T - mn);
      else cc = alternative === 'less' ? -0.5 : 0.5;
    }
    const z = (T - mn - cc) / se;
    const pvalue = alternative === 'two-sided' ? 2 * normalCdf(-Math.abs(z)) : alternative === 'greater' ? normalCdf(-z) : normalCdf(z);
    return { ...common, pvalue, zstatistic: z };
  }

  if (count > WILCOXON_EXACT_MAX_N) {
    throw new StatsInputError(`${fn}: method 'exact' supports at most ${WILCOXON_EXACT_MAX_N} differences, got ${count}; use 'approx'`, { fn });
  }
  const pmf = wilcoxonNullPmf(count);
  const r = Math.trunc(rPlus); // scipy: int(r_plus), truncating a tied, fractional rank sum
  let p: number;
  if (alternative === 'two-sided') {
    if (r === Math.floor((pmf.length - 1) / 2)) p = 1;
    else p = 2 * Math.min(pairwiseSum(pmf, r), pairwiseSum(pmf, 0, r + 1));
  } else if (alternative === 'greater') {
    p = pairwiseSum(pmf, r);
  } else {
    p = pairwiseSum(pmf, 0, r + 1);
  }
  const pvalue = Math.min(Math.max(p, 0), 1);
  return { ...common, pvalue };
}
