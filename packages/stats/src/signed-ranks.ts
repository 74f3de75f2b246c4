import { rankAverage } from './ranks.js';

/** How zero differences are treated, as scipy's `zero_method`. */
export type ZeroMethod = 'wilcox' | 'pratt' | 'zsplit';

/** Signed-rank sums of one vector of differences after the zero handling of `zero_method`. */
export interface SignedRankSums {
  /** The differences that were ranked (zeros dropped for 'wilcox'). */
  ranked: Float64Array;
  /** Average ranks of |ranked|. */
  ranks: Float64Array;
  /** Σ ranks of positive differences (plus half the zero ranks for 'zsplit'). */
  rPlus: number;
  /** Σ ranks of negative differences (plus half the zero ranks for 'zsplit'). */
  rMinus: number;
  /** Σ ranks given to zero differences (0 for 'wilcox'). */
  rZero: number;
  /** Number of exact zeros in the input. */
  nZero: number;
}

/**
 * The rank sums of `scipy.stats.wilcoxon` (scipy 1.10.1): for 'wilcox' zeros are dropped before ranking; for
 * 'pratt' they are ranked but count for neither sign; for 'zsplit' their ranks are split evenly between r_plus
 * and r_minus. Ranks are average ranks of |d| (`rankdata`), so all sums are exact multiples of ½.
 */
export function signedRankSums(d: Float64Array, zeroMethod: ZeroMethod, dropZeros = zeroMethod === 'wilcox'): SignedRankSums {
  let nZero = 0;
  for (const v of d) if (v === 0) nZero++;
  const ranked = dropZeros ? d.filter((v) => v !== 0) : d;
  const ranks = rankAverage(ranked.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  let rZero = 0;
  for (let i = 0; i < ranked.length; i++) {
    if (ranked[i] > 0) rPlus += ranks[i];
    else if (ranked[i] < 0) rMinus += ranks[i];
    else rZero += ranks[i];
  }
  if (zeroMethod === 'zsplit') {
    rPlus += rZero / 2;
    rMinus += rZero / 2;
  }
  return { ranked, ranks, rPlus, rMinus, rZero, nZero };
}
