import { describe, expect, it } from 'vitest';
import { pairwiseSum } from '../src/summation.js';
import { specialFixture } from './support/fixtures.js';

describe('pairwiseSum', () => {
  it('is bit-identical to numpy.sum (pairwise blocks of 128, 8 accumulators)', () => {
    for (const [values, expected] of specialFixture.pairwise_sum) {
      expect(pairwiseSum(values), `n = ${values.length}`).toBe(expected);
      expect(pairwiseSum(Float64Array.from(values))).toBe(expected);
    }
  });

  it('differs from naive left-to-right summation where numpy does', () => {
    const big = specialFixture.pairwise_sum.find(([v]) => v.length === 4099)!;
    const naive = big[0].reduce((a, b) => a + b, 0);
    expect(naive).not.toBe(big[1]);
  });

  it('sums slices [start, end) and returns 0 for empty ranges', () => {
    expect(pairwiseSum([1, 2, 3, 4], 1, 3)).toBe(5);
    expect(pairwiseSum([1, 2, 3], 2, 2)).toBe(0);
    expect(pairwiseSum([])).toBe(0);
  });
});
