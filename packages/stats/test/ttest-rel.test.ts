import { describe, expect, it } from 'vitest';
import { tConfidenceInterval, tPvalue, ttestRel } from '../src/ttest-rel.js';
import { num, specialFixture, statsFixture } from './support/fixtures.js';
import { expectClose, MaxDeviation, SCIPY_TOL } from './support/numeric.js';
import { gaussian, mulberry32, permutation, randInt } from './support/prng.js';

describe('ttestRel against scipy 1.10.1 (stats.json, every recorded call)', () => {
  const dev = new MaxDeviation();
  for (const pair of statsFixture.ttest_rel) {
    for (const alt of ['two-sided', 'less', 'greater'] as const) {
      it(`${pair.name} ${alt}`, () => {
        const call = pair.calls[alt];
        const r = ttestRel(pair.a, pair.b, { alternative: alt });
        expectClose(r.statistic, num(call.statistic), SCIPY_TOL, 'statistic');
        expectClose(r.pvalue, num(call.pvalue), SCIPY_TOL, 'pvalue');
        expect(r.df).toBe(call.df);
        expect(r.warnings).toEqual(call.warnings);
        dev.add(r.statistic, num(call.statistic), `${pair.name}/${alt} t`);
        dev.add(r.pvalue, num(call.pvalue), `${pair.name}/${alt} p`);
      });
    }
  }
  it('stays within 1e-13 relative of scipy (regression bound)', () => {
    expect(dev.value, dev.where).toBeLessThan(1e-13);
  });

  it('reports the equal-vectors case as NaN with a reason', () => {
    const pair = statsFixture.ttest_rel.find((p) => p.name === 'equal_vectors')!;
    const r = ttestRel(pair.a, pair.b);
    expect(r.statistic).toBeNaN();
    expect(r.pvalue).toBeNaN();
    expect(r.cohensDz).toBeNaN();
    expect(r.reason).toMatch(/every difference is zero/);
  });

  it('reports an exactly constant shift as t = +Infinity, p = 0 (two-sided), d_z = Infinity', () => {
    const pair = statsFixture.ttest_rel.find((p) => p.name === 'constant_shift')!;
    const r = ttestRel(pair.a, pair.b);
    expect(r.statistic).toBe(Infinity);
    expect(r.pvalue).toBe(0);
    expect(r.cohensDz).toBe(Infinity);
    expect(r.estimate).toBe(2);
    expect(r.confidenceInterval.low).toBe(2);
    expect(r.confidenceInterval.high).toBe(2);
    expect(ttestRel(pair.b, pair.a).statistic).toBe(-Infinity);
  });
});

describe('ttestRel confidence interval and effect size', () => {
  it('matches scipy TtestResult.confidence_interval (special.json) to 1e-12', () => {
    for (const [name, alt, level, lo, hi] of specialFixture.ttest_rel_ci) {
      const pair = statsFixture.ttest_rel.find((p) => p.name === name)!;
      const ci = ttestRel(pair.a, pair.b, { alternative: alt, confidenceLevel: level }).confidenceInterval;
      expect(ci.level).toBe(level);
      expectClose(ci.low, num(lo), { rel: 1e-12, abs: 1e-15 }, `${name} ${alt} ${level} low`);
      expectClose(ci.high, num(hi), { rel: 1e-12, abs: 1e-15 }, `${name} ${alt} ${level} high`);
    }
  });

  it('n = 5 hand check: d_z = t/√n and the interval brackets the estimate', () => {
    const pair = statsFixture.ttest_rel.find((p) => p.name === 'n5')!;
    const r = ttestRel(pair.a, pair.b);
    expectClose(r.cohensDz, r.statistic / Math.sqrt(5), { rel: 1e-14 }, 'dz');
    expect(r.confidenceInterval.low).toBeLessThan(r.estimate);
    expect(r.confidenceInterval.high).toBeGreaterThan(r.estimate);
    // the 1 − p two-sided interval ends exactly at 0 (duality of test and interval)
    const ci = tConfidenceInterval(r.estimate, r.standardError, r.df, 1 - r.pvalue);
    expectClose(ci.low, 0, { abs: 1e-12 }, 'duality');
  });

  it('a two-sided p equals twice the smaller one-sided p', () => {
    expectClose(tPvalue(1.7, 9), 2 * tPvalue(1.7, 9, 'greater'), { rel: 1e-15 });
    expectClose(tPvalue(-1.7, 9), 2 * tPvalue(-1.7, 9, 'less'), { rel: 1e-15 });
  });

  it('n = 1 gives NaN with a reason (scipy: df = 0)', () => {
    const r = ttestRel([1], [0.5]);
    expect(r.df).toBe(0);
    expect(r.statistic).toBeNaN();
    expect(r.pvalue).toBeNaN();
    expect(r.reason).toMatch(/no degrees of freedom/);
  });
});

describe('ttestRel input errors', () => {
  it('throws StatsInputError naming the argument', () => {
    expect(() => ttestRel([], [])).toThrow('ttestRel: a is empty');
    expect(() => ttestRel([1, 2], [1])).toThrow(/ttestRel: a has length 2 but b has length 1/);
    expect(() => ttestRel([1, 2], [1, NaN])).toThrow('ttestRel: b[1] is NaN');
    expect(() => ttestRel([1, Infinity], [1, 2])).toThrow(/ttestRel: a\[1\] is Infinity/);
    expect(() => ttestRel([1, 2], [1, 3], { alternative: 'up' as never })).toThrow(/option alternative/);
    expect(() => ttestRel([1, 2], [1, 3], { confidenceLevel: 1.5 })).toThrow(/confidenceLevel must be a number in \[0, 1\]/);
    try {
      ttestRel([NaN], [1]);
    } catch (e) {
      expect((e as { code: string }).code).toBe('SALIENCY_INVALID_STATS_INPUT');
    }
  });
});

describe('ttestRel properties (mulberry32, 200 random pairs each)', () => {
  function randomPair(rand: () => number): [number[], number[]] {
    const n = randInt(rand, 2, 120);
    const a = Array.from({ length: n }, () => rand());
    const shift = 0.2 * gaussian(rand);
    const b = a.map((v) => Math.min(1, Math.max(0, v + shift + 0.1 * gaussian(rand))));
    return [a, b];
  }

  it('p lies in [0, 1] for every alternative', () => {
    const rand = mulberry32(11);
    for (let k = 0; k < 200; k++) {
      const [a, b] = randomPair(rand);
      for (const alternative of ['two-sided', 'less', 'greater'] as const) {
        const p = ttestRel(a, b, { alternative }).pvalue;
        if (Number.isNaN(p)) continue;
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
    }
  });

  it('p_less(a, b) = p_greater(b, a) and p_less + p_greater = 1', () => {
    const rand = mulberry32(12);
    for (let k = 0; k < 200; k++) {
      const [a, b] = randomPair(rand);
      const less = ttestRel(a, b, { alternative: 'less' }).pvalue;
      expect(ttestRel(b, a, { alternative: 'greater' }).pvalue).toBe(less);
      expectClose(less + ttestRel(a, b, { alternative: 'greater' }).pvalue, 1, { abs: 1e-15 });
    }
  });

  it('is invariant (to rounding) to permuting the pairs', () => {
    const rand = mulberry32(13);
    for (let k = 0; k < 200; k++) {
      const [a, b] = randomPair(rand);
      const p = permutation(rand, a.length);
      const r1 = ttestRel(a, b);
      const r2 = ttestRel(p.map((i) => a[i]), p.map((i) => b[i]));
      expectClose(r2.statistic, r1.statistic, { rel: 1e-11, abs: 1e-13 }, 't');
      expectClose(r2.pvalue, r1.pvalue, { rel: 1e-10, abs: 1e-15 }, 'p');
    }
  });

  it('is monotone in a shift of a: p_less rises, p_greater falls', () => {
    const rand = mulberry32(14);
    for (let k = 0; k < 200; k++) {
      const [a, b] = randomPair(rand);
      const c = 0.001 + 0.1 * rand();
      const up = a.map((v) => v + c);
      const lo = ttestRel(a, b, { alternative: 'less' });
      const hi = ttestRel(up, b, { alternative: 'less' });
      if (Number.isNaN(lo.pvalue)) continue;
      expect(hi.statistic).toBeGreaterThan(lo.statistic);
      expect(hi.pvalue).toBeGreaterThanOrEqual(lo.pvalue);
      expect(ttestRel(up, b, { alternative: 'greater' }).pvalue).toBeLessThanOrEqual(ttestRel(a, b, { alternative: 'greater' }).pvalue);
    }
  });
});
