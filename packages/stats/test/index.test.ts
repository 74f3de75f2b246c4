import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

describe('@saliency/stats barrel', () => {
  it('exports every public function', () => {
    const fns = [
      'wilcoxon', 'wilcoxonPaired', 'wilcoxonNullPmf', 'signedRankSums', 'rankAverage', 'tieGroupSizes',
      'matchedPairsRankBiserial', 'rankBiserialFromSums', 'cohensDz',
      'ttestRel', 'tPvalue', 'tConfidenceInterval',
      'gaussianKde', 'kdeSupportGrid', 'kdeCurve', 'linspace',
      'holm', 'bonferroni',
      'mean', 'variance', 'sd', 'min', 'max', 'quantile', 'median', 'describe',
      'normalCdf', 'normalSf', 'normalPdf', 'normalQuantile', 'erf', 'erfc',
      'studentTCdf', 'studentTSf', 'studentTPdf', 'studentTQuantile',
      'lnGamma', 'lnBeta', 'lnGammaRatio', 'betainc', 'betaincPair', 'brentRoot', 'pairwiseSum',
      'isStatsInputError', 'toFloat64', 'checkSameLength', 'pairedDifferences', 'checkOption', 'checkNumber',
    ] as const;
    for (const name of fns) expect(typeof api[name], name).toBe('function');
    expect(typeof api.StatsInputError).toBe('function');
    expect(api.STATS_INPUT_ERROR_CODE).toBe('SALIENCY_INVALID_STATS_INPUT');
    expect(api.WILCOXON_EXACT_MAX_N).toBe(2000);
  });

  it('is usable end to end: the authors RQ1 call on the n = 10 fixture', () => {
    const d = [-30, -14.5, -8, -40, -2];
    const r = api.wilcoxon(d, { alternative: 'less' });
    expect(r.pvalue).toBe(1 / 32);
    expect(api.holm([r.pvalue, 0.5])).toEqual(Float64Array.from([0.0625, 0.5]));
  });
});
