import { describe, expect, it } from 'vitest';
import { rankAverage, tieGroupSizes } from '../src/ranks.js';
import { mulberry32 } from './support/prng.js';

describe('rankAverage (scipy.stats.rankdata, method="average")', () => {
  it('averages tied ranks', () => {
    expect(Array.from(rankAverage([10, 20, 10, 30, 20, 20]))).toEqual([1.5, 4, 1.5, 6, 4, 4]);
    expect(Array.from(rankAverage([3]))).toEqual([1]);
    expect(Array.from(rankAverage([]))).toEqual([]);
  });

  it('treats −0 and +0 as equal, as numpy comparisons do', () => {
    expect(Array.from(rankAverage([0, -0, 1]))).toEqual([1.5, 1.5, 3]);
  });

  it('always sums to n(n+1)/2', () => {
    const rand = mulberry32(51);
    for (let k = 0; k < 200; k++) {
      const n = 1 + Math.floor(rand() * 60);
      const v = Array.from({ length: n }, () => Math.floor(rand() * 10));
      expect(rankAverage(v).reduce((a, b) => a + b, 0)).toBe((n * (n + 1)) / 2);
    }
  });
});

describe('tieGroupSizes (scipy.stats.find_repeats counts)', () => {
  it('lists the sizes of repeated values in ascending value order', () => {
    expect(tieGroupSizes([3, 1, 2, 2, 3, 3, 5])).toEqual([2, 3]);
    expect(tieGroupSizes([1, 2, 3])).toEqual([]);
    expect(tieGroupSizes([1.5, 1.5, 1.5, 1.5])).toEqual([4]);
  });
});
