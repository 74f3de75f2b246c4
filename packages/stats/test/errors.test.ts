import { describe, expect, it } from 'vitest';
import { isStatsInputError, STATS_INPUT_ERROR_CODE, StatsInputError } from '../src/errors.js';

describe('StatsInputError', () => {
  it('is an Error with the stable code and optional details', () => {
    const e = new StatsInputError('wilcoxon: d[3] is NaN', { fn: 'wilcoxon', index: 3 });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('StatsInputError');
    expect(e.code).toBe('SALIENCY_INVALID_STATS_INPUT');
    expect(STATS_INPUT_ERROR_CODE).toBe('SALIENCY_INVALID_STATS_INPUT');
    expect(e.details).toEqual({ fn: 'wilcoxon', index: 3 });
    expect(e.message).toBe('wilcoxon: d[3] is NaN');
  });

  it('isStatsInputError recognises it and nothing else', () => {
    expect(isStatsInputError(new StatsInputError('x'))).toBe(true);
    expect(isStatsInputError(new Error('x'))).toBe(false);
    expect(isStatsInputError('SALIENCY_INVALID_STATS_INPUT')).toBe(false);
  });
});
