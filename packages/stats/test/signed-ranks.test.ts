import { describe, expect, it } from 'vitest';
import { signedRankSums } from '../src/signed-ranks.js';

describe('signedRankSums (scipy.stats.wilcoxon zero handling)', () => {
  const d = Float64Array.from([0, 0, 1, -2, 3]);

  it("'wilcox' drops zeros before ranking", () => {
    const s = signedRankSums(d, 'wilcox');
    expect(Array.from(s.ranked)).toEqual([1, -2, 3]);
    expect(Array.from(s.ranks)).toEqual([1, 2, 3]);
    expect([s.rPlus, s.rMinus, s.rZero, s.nZero]).toEqual([4, 2, 0, 2]);
  });

  it("'pratt' ranks zeros but credits neither sign", () => {
    const s = signedRankSums(d, 'pratt');
    expect(Array.from(s.ranks)).toEqual([1.5, 1.5, 3, 4, 5]);
    expect([s.rPlus, s.rMinus, s.rZero]).toEqual([8, 4, 3]);
  });

  it("'zsplit' splits the zero ranks evenly", () => {
    const s = signedRankSums(d, 'zsplit');
    expect([s.rPlus, s.rMinus, s.rZero]).toEqual([9.5, 5.5, 3]);
  });

  it('keeps zeros for wilcox when asked (exact mode, where there are none by construction)', () => {
    expect(signedRankSums(d, 'wilcox', false).ranked.length).toBe(5);
  });
});
