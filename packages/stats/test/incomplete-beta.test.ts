import { describe, expect, it } from 'vitest';
import { betainc, betaincPair } from '../src/incomplete-beta.js';
import { specialFixture } from './support/fixtures.js';
import { expectClose, MaxDeviation } from './support/numeric.js';

describe('regularised incomplete beta against 400-digit mpmath', () => {
  it('both tails to 2e-12 relative for a, b in [0.1, 1e4] near the bulk', () => {
    const dev = new MaxDeviation();
    for (const [a, b, x, lo, up] of specialFixture.betainc) {
      const r = betaincPair(a, b, x);
      expectClose(r.lower, lo, { rel: 2e-12, abs: 1e-300 }, `I_${x}(${a}, ${b})`);
      expectClose(r.upper, up, { rel: 2e-12, abs: 1e-300 }, `1 − I_${x}(${a}, ${b})`);
      dev.add(r.lower, lo, 'lower');
      dev.add(r.upper, up, 'upper');
    }
    expect(dev.value).toBeGreaterThan(0);
  });

  it('Student-t shaped cases (b = ½, x within 1/a of 1, up to a = 5e6) to 1e-14 relative', () => {
    for (const [a, b, x, lo, up] of specialFixture.betainc.filter((c) => c[1] === 0.5)) {
      const y = 1 - x; // exact for these x > ½
      const r = betaincPair(a, b, x, y);
      expectClose(r.lower, lo, { rel: 1e-14 }, `I_${x}(${a}, ½)`);
      expectClose(r.upper, up, { rel: 1e-14 }, `1 − I_${x}(${a}, ½)`);
    }
  });

  it('closed forms: I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b', () => {
    for (const x of [1e-9, 0.1, 0.37, 0.5, 0.8, 0.999]) {
      expectClose(betainc(1, 1, x), x, { rel: 1e-15 });
      expectClose(betainc(3.5, 1, x), Math.pow(x, 3.5), { rel: 1e-14 });
      expectClose(betaincPair(1, 2.5, x).upper, Math.pow(1 - x, 2.5), { rel: 1e-14 });
    }
  });

  it('symmetry I_x(a, b) = 1 − I_{1−x}(b, a) holds exactly for the returned pair', () => {
    for (const [a, b, x] of [[2, 3, 0.3], [0.5, 40, 0.01], [100, 0.5, 0.995]] as const) {
      const r = betaincPair(a, b, x);
      const m = betaincPair(b, a, 1 - x, x);
      expectClose(r.lower, m.upper, { rel: 1e-14 });
      expectClose(r.upper, m.lower, { rel: 1e-14 });
    }
  });

  it('domain edges', () => {
    expect(betaincPair(2, 3, 0)).toEqual({ lower: 0, upper: 1 });
    expect(betaincPair(2, 3, 1)).toEqual({ lower: 1, upper: 0 });
    expect(betainc(0, 1, 0.5)).toBeNaN();
    expect(betainc(1, 1, 1.5)).toBeNaN();
    expect(betainc(1, 1, NaN)).toBeNaN();
  });
});
