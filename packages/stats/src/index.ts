/**
 * @saliency/stats: the statistics of the CASE experiments in float64, matching scipy 1.10.1 (Wilcoxon signed-rank,
 * paired t, Gaussian KDE), plus multiple-comparison corrections, effect sizes and confidence intervals.
 * Side-effect free: plain functions only.
 */
export { STATS_INPUT_ERROR_CODE, StatsInputError, isStatsInputError } from './errors.js';
export { toFloat64, checkSameLength, pairedDifferences, checkOption, checkNumber, type VectorCheck } from './validate.js';
export { pairwiseSum } from './summation.js';
export { linspace } from './linspace.js';
export { erf, erfc, normalCdf, normalSf, normalPdf, normalQuantile } from './normal.js';
export { lnGamma, lnBeta, lnGammaRatio } from './beta.js';
export { betainc, betaincPair, type BetaIncPair } from './incomplete-beta.js';
export { brentRoot, type RootOptions } from './root-finding.js';
export { studentTCdf, studentTSf, studentTPdf, studentTQuantile } from './student-t.js';
export { rankAverage, tieGroupSizes } from './ranks.js';
export { signedRankSums, type SignedRankSums, type ZeroMethod } from './signed-ranks.js';
export { wilcoxonNullPmf, WILCOXON_EXACT_MAX_N } from './wilcoxon-distribution.js';
export { wilcoxon, wilcoxonPaired, type Alternative, type WilcoxonOptions, type WilcoxonResult } from './wilcoxon.js';
export { matchedPairsRankBiserial, rankBiserialFromSums, cohensDz, type RankBiserial } from './effect-size.js';
export {
  ttestRel, tPvalue, tConfidenceInterval, type TtestRelOptions, type TtestRelResult, type ConfidenceInterval,
} from './ttest-rel.js';
export { gaussianKde, kdeSupportGrid, kdeCurve, type GaussianKde, type BandwidthMethod, type KdeCurveOptions } from './kde.js';
export { holm, bonferroni } from './p-adjust.js';
export { mean, variance, sd, min, max, quantile, median, describe, type Description } from './descriptive.js';
