import { describe, expect, it } from 'vitest';
import { cohensDz, matchedPairsRankBiserial } from '../src/effect-size.js';
import { ttestRel } from '../src/ttest-rel.js';
import { wilcoxon } from '../src/wilcoxon.js';
import { statsFixture } from './support/fixtures.js';
import { expectClose } from './support/numeric.js';

describe('matchedPairsRankBiserial', () => {
  it('hand-worked: d = [1, −2, 3, 4] → ranks 1..4, R⁺ = 8, R⁻ = 2, r = 0.6', () => {
    const r = matchedPairsRankBiserial([1, -2, 3, 4]);
    expect(r).toMatchObject({ r: 0.6, rPlus: 8, rMinus: 2, rankTotal: 10, n: 4, nZero: 0 });
  });

  it('is −1 / +1 when every non-zero difference has one sign', () => {
    const n5 = statsFixture.wilcoxon.find((w) => w.name === 'n5_all_below')!;
    expect(matchedPairsRankBiserial(n5.d).r).toBe(-1);
    expect(matchedPairsRankBiserial(n5.d.map((v) => -v)).r).toBe(1);
  });

  it('handles zeros per zero method and accepts a second sample', () => {
    const d = [0, 0, 1, -2, 3];
    expect(matchedPairsRankBiserial(d).r).toBeCloseTo((4 - 2) / 6, 15);
    expect(matchedPairsRankBiserial(d, { zeroMethod: 'pratt' }).r).toBeCloseTo((8 - 4) / 15, 15);
    expect(matchedPairsRankBiserial(d, { zeroMethod: 'zsplit' }).r).toBeCloseTo((9.5 - 5.5) / 15, 15);
    expect(matchedPairsRankBiserial([0, 0]).r).toBeNaN();
    expect(matchedPairsRankBiserial([5, 3, 9], { y: [4, 4, 4] }).r).toBeCloseTo((1.5 + 3 - 1.5) / 6, 15);
  });

  it('agrees with the value wilcoxon reports', () => {
    for (const w of statsFixture.wilcoxon) {
      const res = wilcoxon(w.d, { alternative: 'less' });
      if (res.error) continue;
      expect(res.rankBiserial).toBe(matchedPairsRankBiserial(w.d).r);
    }
  });

  it('throws on bad input', () => {
    expect(() => matchedPairsRankBiserial([])).toThrow('matchedPairsRankBiserial: d is empty');
    expect(() => matchedPairsRankBiserial([1, 2], { y: [1] })).toThrow(/d has length 2 but y has length 1/);
    expect(() => matchedPairsRankBiserial([1], { zeroMethod: 'x' as never })).toThrow(/zeroMethod/);
  });
});

describe("cohensDz", () => {
  it('hand-worked: d = [1, 2, 3, 4, 5] → mean 3, sd √2.5, d_z = 3/√2.5', () => {
    expectClose(cohensDz([1, 2, 3, 4, 5]), 3 / Math.sqrt(2.5), { rel: 1e-15 });
    expectClose(cohensDz([2, 3, 4, 5, 6], [1, 1, 1, 1, 1]), 3 / Math.sqrt(2.5), { rel: 1e-15 });
  });

  it('equals t/√n of ttest_rel on the fixture pairs', () => {
    for (const p of statsFixture.ttest_rel) {
      const t = ttestRel(p.a, p.b);
      expectClose(cohensDz(p.a, p.b), t.statistic / Math.sqrt(p.a.length), { rel: 1e-14 }, p.name);
    }
  });

  it('throws on bad input', () => {
    expect(() => cohensDz([1, 2], [1])).toThrow(/a has length 2 but b has length 1/);
    expect(() => cohensDz([NaN])).toThrow('cohensDz: a[0] is NaN');
  });
});
