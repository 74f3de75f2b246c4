import { signedRankSums, type SignedRankSums, type ZeroMethod } from './signed-ranks.js';
import { pairwiseSum } from './summation.js';
import { checkOption, checkSameLength, pairedDifferences, toFloat64 } from './validate.js';

/** Matched-pairs rank-biserial correlation with the rank sums it came from. */
export interface RankBiserial {
  /** (R⁺ − R⁻) / ΣR, in [−1, 1]; NaN when no difference was ranked. */
  r: number;
  rPlus: number;
  rMinus: number;
  /** Σ of all ranks used: R⁺ + R⁻, plus the zero ranks for 'pratt'. */
  rankTotal: number;
  n: number;
  nZero: number;
}

/**
 * (R⁺ − R⁻)/ΣR from rank sums computed as `scipy.stats.wilcoxon` ranks them (Kerby's simple-difference formula;
 * for 'pratt' the zero ranks stay in the denominator, as pingouin does). No scipy 1.10.1 function returns it.
 */
export function rankBiserialFromSums(s: SignedRankSums, zeroMethod: ZeroMethod): number {
  const total = s.rPlus + s.rMinus + (zeroMethod === 'pratt' ? s.rZero : 0);
  return total > 0 ? (s.rPlus - s.rMinus) / total : NaN;
}

/**
 * Matched-pairs rank-biserial correlation of differences d (or of x − y when y is given), the effect size that
 * goes with the Wilcoxon signed-rank test: +1 when every non-zero difference is positive, −1 when every one is
 * negative. Zeros are handled per `zeroMethod` ('wilcox' default: dropped), with ranks as in scipy 1.10.1's
 * `wilcoxon`. Throws on empty/NaN input or mismatched lengths.
 */
export function matchedPairsRankBiserial(d: ArrayLike<number>, opts: { zeroMethod?: ZeroMethod; y?: ArrayLike<number> } = {}): RankBiserial {
  const fn = 'matchedPairsRankBiserial';
  const zeroMethod = checkOption<ZeroMethod>(fn, 'zeroMethod', opts.zeroMethod ?? 'wilcox', ['wilcox', 'pratt', 'zsplit']);
  let diffs = toFloat64(fn, 'd', d, { allowInfinite: true });
  if (opts.y !== undefined) {
    const y = toFloat64(fn, 'y', opts.y, { allowInfinite: true });
    checkSameLength(fn, 'd', diffs, 'y', y);
    diffs = pairedDifferences(fn, diffs, y, ['d', 'y']);
  }
  const s = signedRankSums(diffs, zeroMethod);
  const rankTotal = s.rPlus + s.rMinus + (zeroMethod === 'pratt' ? s.rZero : 0);
  return { r: rankBiserialFromSums(s, zeroMethod), rPlus: s.rPlus, rMinus: s.rMinus, rankTotal, n: diffs.length, nZero: s.nZero };
}

/**
 * Cohen's d_z for paired samples: mean(d) / sd(d, ddof = 1) with d = a − b (or d = a when b is omitted), using
 * numpy's summation order as `scipy.stats.ttest_rel` does; equals t/√n. ±Infinity for a constant non-zero
 * difference, NaN when every difference is zero or n < 2. Not a scipy 1.10.1 function.
 */
export function cohensDz(a: ArrayLike<number>, b?: ArrayLike<number>): number {
  const fn = 'cohensDz';
  let d = toFloat64(fn, 'a', a);
  if (b !== undefined) {
    const bs = toFloat64(fn, 'b', b);
    checkSameLength(fn, 'a', d, 'b', bs);
    d = pairedDifferences(fn, d, bs, ['a', 'b']);
  }
  const n = d.length;
  const m = pairwiseSum(d) / n;
  const v = (pairwiseSum(d.map((x) => (x - m) * (x - m))) / n) * (n / (n - 1));
  return m / Math.sqrt(v);
}
