import { describe, expect, it } from 'vitest';
import { isStatsInputError, StatsInputError } from '../src/errors.js';
import { wilcoxon, wilcoxonPaired, type WilcoxonOptions } from '../src/wilcoxon.js';
import { num, statsFixture } from './support/fixtures.js';
import { expectClose, MaxDeviation, SCIPY_TOL } from './support/numeric.js';
import { gaussian, mulberry32, permutation, randomVector } from './support/prng.js';

function optsOf(kwargs: Record<string, unknown>): WilcoxonOptions {
  const k = kwargs as { alternative?: WilcoxonOptions['alternative']; method?: WilcoxonOptions['method']; correction?: boolean; zero_method?: WilcoxonOptions['zeroMethod'] };
  return { alternative: k.alternative, method: k.method, correction: k.correction, zeroMethod: k.zero_method };
}

describe('wilcoxon against scipy 1.10.1 (stats.json, every recorded call)', () => {
  const dev = new MaxDeviation();
  for (const vec of statsFixture.wilcoxon) {
    describe(vec.name, () => {
      for (const [callName, call] of Object.entries(vec.calls)) {
        it(`${callName} ${JSON.stringify(call.kwargs)}`, () => {
          const r = wilcoxon(vec.d, optsOf(call.kwargs));
          expect(r.effectiveMethod).toBe(call.effective_method);
          expect(r.warnings).toEqual(call.warnings);
          expect(r.n).toBe(vec.n);
          expect(r.nZero).toBe(vec.n_zero);
          if (call.error !== null) {
            expect(r.error).toBe(call.error);
            expect(r.reason).toMatch(/zero/);
            expect(r.statistic).toBeNaN();
            expect(r.pvalue).toBeNaN();
            return;
          }
          expect(r.error).toBeUndefined();
          expectClose(r.statistic, num(call.statistic), SCIPY_TOL, 'statistic');
          expectClose(r.pvalue, num(call.pvalue), SCIPY_TOL, 'pvalue');
          dev.add(r.statistic, num(call.statistic), `${vec.name}/${callName} statistic`);
          dev.add(r.pvalue, num(call.pvalue), `${vec.name}/${callName} pvalue`);
          if (call.zstatistic !== undefined) {
            expectClose(r.zstatistic!, num(call.zstatistic), SCIPY_TOL, 'zstatistic');
            dev.add(r.zstatistic!, num(call.zstatistic), `${vec.name}/${callName} z`);
          }
          if (call.effective_method === 'approx') expect(typeof r.zstatistic).toBe('number');
          else expect(r.zstatistic).toBeUndefined();
        });
      }
    });
  }
  it('stays within 1e-13 relative of scipy on every value (regression bound)', () => {
    expect(dev.value, dev.where).toBeLessThan(1e-13);
  });
});

describe('wilcoxonPaired', () => {
  it('tests scores − threshold exactly as the one-sample call on the recorded d', () => {
    for (const vec of statsFixture.wilcoxon) {
      const thr = vec.scores.map(() => vec.threshold);
      const paired = wilcoxonPaired(vec.scores, thr, { alternative: 'less' });
      const call = vec.calls.authors_default;
      if (call.error !== null) {
        expect(paired.error).toBe(call.error);
        continue;
      }
      expectClose(paired.pvalue, num(call.pvalue), SCIPY_TOL, vec.name);
      expect(paired).toEqual(wilcoxon(vec.d, { alternative: 'less' }));
    }
  });

  it('throws StatsInputError for mismatched lengths, naming both arguments', () => {
    expect(() => wilcoxonPaired([1, 2, 3], [1, 2])).toThrow(/wilcoxonPaired: x has length 3 but y has length 2/);
    try {
      wilcoxonPaired([1], [1, 2]);
    } catch (e) {
      expect(isStatsInputError(e)).toBe(true);
      expect((e as StatsInputError).code).toBe('SALIENCY_INVALID_STATS_INPUT');
    }
  });

  it('rejects Infinity − Infinity differences', () => {
    expect(() => wilcoxonPaired([1, Infinity], [0, Infinity])).toThrow(/x\[1\] - y\[1\] is NaN/);
  });
});

describe('wilcoxon semantics', () => {
  it('reports r_plus for one-sided and min(r_plus, r_minus) for two-sided tests', () => {
    const d = [1, -2, 3, 4, -5.5, 6]; // ranks 1..6, r_plus = 1+3+4+6 = 14, r_minus = 7
    expect(wilcoxon(d, { alternative: 'less' }).statistic).toBe(14);
    expect(wilcoxon(d, { alternative: 'greater' }).statistic).toBe(14);
    expect(wilcoxon(d).statistic).toBe(7);
    const r = wilcoxon(d);
    expect([r.rPlus, r.rMinus]).toEqual([14, 7]);
    expect(r.rankBiserial).toBeCloseTo(7 / 21, 15);
  });

  it('uses exact mode up to n = 50 (zeros counted) and the approximation above', () => {
    const d50 = Array.from({ length: 50 }, (_, i) => (i % 2 ? 1 : -1) * (i + 1));
    expect(wilcoxon(d50).effectiveMethod).toBe('exact');
    expect(wilcoxon([...d50, 0.5]).effectiveMethod).toBe('approx');
    const withZero = [...d50.slice(0, 49), 0];
    const r = wilcoxon(withZero);
    expect(r.effectiveMethod).toBe('approx');
    expect(r.count).toBe(49);
    expect(r.warnings[0]).toMatch(/Switching to normal approximation/);
  });

  it('gives p = 1 at the centre of the exact two-sided distribution', () => {
    const r = wilcoxon([1, -2, -3, 4]); // r_plus = 5 = floor(10/2)
    expect(r.pvalue).toBe(1);
  });

  it('returns NaN with error and reason (never throws) when every difference is zero', () => {
    for (const zeroMethod of ['wilcox', 'pratt'] as const) {
      const r = wilcoxon([0, 0, 0], { zeroMethod, alternative: 'less' });
      expect(r.statistic).toBeNaN();
      expect(r.pvalue).toBeNaN();
      expect(r.rankBiserial).toBeNaN();
      expect(r.error).toMatch(/^ValueError: zero_method 'wilcox' and 'pratt' do not work/);
      expect(r.reason).toMatch(/every difference is exactly zero/);
    }
    const z = wilcoxon([0, 0, 0], { zeroMethod: 'zsplit' });
    expect(z.error).toBeUndefined();
    expect(z.pvalue).toBe(1);
  });

  it('throws StatsInputError for empty input, NaN and unknown options', () => {
    expect(() => wilcoxon([])).toThrow(/wilcoxon: d is empty/);
    expect(() => wilcoxon([1, 2, 3, NaN])).toThrow('wilcoxon: d[3] is NaN');
    expect(() => wilcoxon([1, 2], { alternative: 'bigger' as never })).toThrow(/option alternative must be one of/);
    expect(() => wilcoxon([1, 2], { zeroMethod: 'drop' as never })).toThrow(/option zeroMethod/);
    expect(() => wilcoxon([1, 2], { method: 'asymptotic' as never })).toThrow(/option method/);
    expect(() => wilcoxon([1, 2], { correction: 'yes' as never })).toThrow(/correction must be a boolean/);
    expect(() => wilcoxon(Array.from({ length: 2001 }, (_, i) => i + 1), { method: 'exact' })).toThrow(/at most 2000/);
    try {
      wilcoxon([NaN]);
    } catch (e) {
      expect(e).toBeInstanceOf(StatsInputError);
      expect((e as StatsInputError).code).toBe('SALIENCY_INVALID_STATS_INPUT');
    }
  });

  it('accepts infinite differences (they rank last)', () => {
    const r = wilcoxon([-Infinity, 1, 2, 3, -0.5], { alternative: 'less' });
    expect(r.rMinus).toBe(5 + 1);
    expect(r.pvalue).toBeGreaterThan(0);
  });
});

describe('wilcoxon properties (mulberry32, 200 random vectors each)', () => {
  const methods = ['auto', 'approx', 'exact'] as const;

  it('p lies in [0, 1] and the statistic is a non-negative multiple of ½', () => {
    const rand = mulberry32(1);
    for (let k = 0; k < 200; k++) {
      const d = randomVector(rand);
      for (const alternative of ['two-sided', 'less', 'greater'] as const) {
        for (const method of methods) {
          for (const zeroMethod of ['wilcox', 'pratt', 'zsplit'] as const) {
            const r = wilcoxon(d, { alternative, method, zeroMethod, correction: k % 2 === 0 });
            if (r.error) {
              expect(r.nZero).toBe(d.length);
              continue;
            }
            expect(r.pvalue).toBeGreaterThanOrEqual(0);
            expect(r.pvalue).toBeLessThanOrEqual(1);
            expect(r.statistic).toBeGreaterThanOrEqual(0);
            expect(Number.isInteger(r.statistic * 2)).toBe(true);
            expect(r.rankBiserial).toBeGreaterThanOrEqual(-1);
            expect(r.rankBiserial).toBeLessThanOrEqual(1);
          }
        }
      }
    }
  });

  it('p_less(d) = p_greater(−d) (approx always; exact when r_plus is an integer)', () => {
    const rand = mulberry32(2);
    let exactChecked = 0;
    for (let k = 0; k < 200; k++) {
      const d = randomVector(rand);
      const neg = d.map((v) => -v);
      for (const method of methods) {
        for (const zeroMethod of ['wilcox', 'pratt', 'zsplit'] as const) {
          const opts = { method, zeroMethod, correction: k % 2 === 1 };
          const less = wilcoxon(d, { ...opts, alternative: 'less' });
          const greater = wilcoxon(neg, { ...opts, alternative: 'greater' });
          if (less.error) {
            expect(greater.error).toBe(less.error);
            continue;
          }
          // scipy's exact mode truncates a fractional r_plus with int(), which breaks the mirror symmetry.
          if (less.effectiveMethod === 'exact' && !Number.isInteger(less.rPlus)) continue;
          if (less.effectiveMethod === 'exact') exactChecked++;
          expectClose(greater.pvalue, less.pvalue, { rel: 1e-13, abs: 1e-300 }, `k=${k} ${method} ${zeroMethod}`);
        }
      }
    }
    expect(exactChecked).toBeGreaterThan(100);
  });

  it('is invariant to permuting the pairs', () => {
    const rand = mulberry32(3);
    for (let k = 0; k < 200; k++) {
      const x = randomVector(rand).map((v) => v + 70);
      const y = x.map(() => Math.round((70 + 5 * gaussian(rand)) * 2) / 2);
      const p = permutation(rand, x.length);
      for (const alternative of ['two-sided', 'less', 'greater'] as const) {
        const a = wilcoxonPaired(x, y, { alternative });
        const b = wilcoxonPaired(p.map((i) => x[i]), p.map((i) => y[i]), { alternative });
        expect(b.statistic).toBe(a.statistic);
        expect(b.pvalue).toBe(a.pvalue);
        expect(b.rankBiserial).toBe(a.rankBiserial);
      }
    }
  });

  it('is monotone in a shift: p_less rises and p_greater falls as d moves up', () => {
    const rand = mulberry32(4);
    for (let k = 0; k < 200; k++) {
      const d = randomVector(rand, 80, 0);
      const c = 0.05 + rand() * 2;
      const up = d.map((v) => v + c);
      if (up.some((v) => v === 0)) continue;
      for (const method of methods) {
        const lo = wilcoxon(d, { method, alternative: 'less' });
        const hi = wilcoxon(up, { method, alternative: 'less' });
        expect(hi.statistic).toBeGreaterThanOrEqual(lo.statistic);
        expect(hi.pvalue).toBeGreaterThanOrEqual(lo.pvalue * (1 - 1e-14));
        const gLo = wilcoxon(d, { method, alternative: 'greater' });
        const gHi = wilcoxon(up, { method, alternative: 'greater' });
        expect(gHi.pvalue).toBeLessThanOrEqual(gLo.pvalue * (1 + 1e-14));
      }
    }
  });

  it('two-sided p is twice the smaller one-sided p (capped at 1) in exact and approx modes', () => {
    const rand = mulberry32(5);
    for (let k = 0; k < 200; k++) {
      const d = randomVector(rand, 80, 0);
      for (const method of ['approx', 'exact'] as const) {
        const two = wilcoxon(d, { method });
        const less = wilcoxon(d, { method, alternative: 'less' }).pvalue;
        const greater = wilcoxon(d, { method, alternative: 'greater' }).pvalue;
        if (two.pvalue === 1) continue;
        expectClose(two.pvalue, Math.min(1, 2 * Math.min(less, greater)), { rel: 1e-13 }, `k=${k} ${method}`);
      }
    }
  });
});
