import { describe, expect, it } from 'vitest';
import { lnBeta, lnGamma, lnGammaRatio } from '../src/beta.js';
import { specialFixture } from './support/fixtures.js';
import { expectClose } from './support/numeric.js';

describe('log-gamma and log-beta against mpmath', () => {
  it('lnΓ(x) to 5e-14 relative / 1e-13 absolute', () => {
    for (const [x, v] of specialFixture.lngamma) expectClose(lnGamma(x), v, { rel: 5e-14, abs: 1e-13 }, `lnΓ(${x})`);
  });

  it('ln B(a, b) to 1e-14 relative, also for a ≫ b (where scipy 1.17 betaln is off by 1e-11)', () => {
    for (const [a, b, v] of specialFixture.lnbeta) {
      expectClose(lnBeta(a, b), v, { rel: 1e-14 }, `lnB(${a}, ${b})`);
      expect(lnBeta(b, a)).toBe(lnBeta(a, b));
    }
  });

  it('lnΓ(a)/Γ(a+b) agrees with the difference of log-gammas', () => {
    expectClose(lnGammaRatio(20, 0.5), lnGamma(20) - lnGamma(20.5), { abs: 1e-13 });
    expectClose(lnGammaRatio(3, 2), Math.log(2 / 24), { rel: 1e-14 });
  });

  it('exact values and domain', () => {
    expect(lnGamma(1)).toBe(0);
    expect(lnGamma(2)).toBe(0);
    expectClose(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)), { rel: 5e-15 });
    expectClose(lnGamma(6), Math.log(120), { rel: 1e-15 });
    expect(lnGamma(0)).toBeNaN();
    expect(lnGamma(-1)).toBeNaN();
    expect(lnGamma(Infinity)).toBe(Infinity);
    expect(lnBeta(0, 1)).toBeNaN();
    expectClose(lnBeta(1, 1), 0, { abs: 1e-15 });
  });
});
