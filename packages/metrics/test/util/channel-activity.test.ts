import { describe, expect, it } from 'vitest';
import { isSaliencyError } from '@saliency/core';
import { channelOverlap, perClassActivity } from '../../src/util/channel-activity.js';

describe('perClassActivity: mean active-channel count per class index', () => {
  it('groups by class index and averages, classes ascending', () => {
    const r = perClassActivity([
      { label: 3, count: 10 },
      { label: 1, count: 5 },
      { label: 3, count: 20 },
      { label: 1, count: 8 },
      { label: 2, count: 1 },
    ]);
    expect(r).toEqual([
      { label: 1, n: 2, mean: 6.5 },
      { label: 2, n: 1, mean: 1 },
      { label: 3, n: 2, mean: 15 },
    ]);
  });
  it('keeps classes that share a name apart (crane 134 / 517): labels are indices', () => {
    expect(perClassActivity([{ label: 134, count: 2 }, { label: 517, count: 4 }]).map((c) => c.mean)).toEqual([2, 4]);
  });
  it('returns nothing for no records and rejects bad records', () => {
    expect(perClassActivity([])).toEqual([]);
    expect(() => perClassActivity([{ label: 1.5, count: 1 }])).toThrow(/records\[0\]\.label must be an integer/);
    expect(() => perClassActivity([{ label: 1, count: Number.NaN }])).toThrow(/records\[0\]\.count must be finite/);
  });
});

describe('channelOverlap: mean inter-class Jaccard of top-channel unions (analyze_channel_overlap.py)', () => {
  it('unions per class, Jaccard over pairs i < j, skipping pairs whose unions are both empty', () => {
    const r = channelOverlap([
      { label: 0, top: [1, 2, 3] },
      { label: 1, top: [5, 4, 3] },
      { label: 0, top: [3, 4] },
      { label: 2, top: [] },
      { label: 3, top: [] },
    ]);
    expect(r.unions).toEqual([
      { label: 0, channels: [1, 2, 3, 4] },
      { label: 1, channels: [3, 4, 5] },
      { label: 2, channels: [] },
      { label: 3, channels: [] },
    ]);
    // (0,1): |{3,4}| / |{1..5}| = 2/5; (0,2), (0,3), (1,2), (1,3): 0; (2,3) skipped
    expect(r.pairs).toBe(5);
    expect(r.meanJaccard).toBeCloseTo(0.4 / 5, 15);
  });
  it('is 1 for identical unions and 0 for disjoint ones', () => {
    expect(channelOverlap([{ label: 0, top: [1, 2] }, { label: 1, top: [2, 1] }]).meanJaccard).toBe(1);
    expect(channelOverlap([{ label: 0, top: [1] }, { label: 1, top: [2] }]).meanJaccard).toBe(0);
  });
  it('throws instead of returning NaN when no pair can be counted', () => {
    const err = (() => {
      try {
        channelOverlap([{ label: 0, top: [1, 2] }]);
      } catch (e) {
        return e;
      }
    })();
    expect(isSaliencyError(err, 'SALIENCY_INVALID_INPUT')).toBe(true);
    expect((err as Error).message).toMatch(/at least two classes/);
    expect(() => channelOverlap([{ label: 0, top: [] }, { label: 1, top: [] }])).toThrow(/at least two classes/);
  });
});
