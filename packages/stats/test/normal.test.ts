import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, normalPdf, normalQuantile, normalSf } from '../src/normal.js';
import { num, specialFixture } from './support/fixtures.js';
import { expectClose } from './support/numeric.js';
import { mulberry32 } from './support/prng.js';

describe('normal distribution against 400-digit mpmath references', () => {
  it('Φ(x) to 1e-13 relative down to the smallest normal double (Φ(−37.5) = 4.6e-308)', () => {
    for (const [x, v] of specialFixture.ndtr) {
      const expected = num(v);
      if (expected < 2.2250738585072014e-308) {
        expect(normalCdf(x), 'underflows to 0 like scipy.special.ndtr').toBe(0);
        continue;
      }
      expectClose(normalCdf(x), expected, { rel: 1e-13 }, `Φ(${x})`);
    }
  });

  it('Φ⁻¹(p) to 1e-15 relative, from p = 1e-300 to 1 − 1e-10', () => {
    for (const [p, v] of specialFixture.ndtri) expectClose(normalQuantile(p), num(v), { rel: 1e-15, abs: 1e-300 }, `Φ⁻¹(${p})`);
  });

  it('erf and erfc to 1e-15 / 2e-14 relative', () => {
    for (const [x, e, ec] of specialFixture.erf) {
      expectClose(erf(x), e, { rel: 1e-15 }, `erf(${x})`);
      expectClose(erfc(x), ec, { rel: 2e-14 }, `erfc(${x})`);
    }
  });
});

describe('normal distribution identities', () => {
  it('sf(x) = Φ(−x), keeps relative accuracy in the upper tail, and Φ + sf = 1', () => {
    const rand = mulberry32(31);
    for (let k = 0; k < 200; k++) {
      const x = (rand() - 0.5) * 20;
      expect(normalSf(x)).toBe(normalCdf(-x));
      expectClose(normalCdf(x) + normalSf(x), 1, { abs: 2e-16 });
    }
    expect(normalSf(30)).toBeGreaterThan(0);
    expectClose(normalSf(30), normalCdf(-30), { rel: 0 });
  });

  it('Φ⁻¹(Φ(x)) = x and Φ⁻¹(sf(x)) = −x (200 random points; the upper tail through sf, where p keeps its digits)', () => {
    const rand = mulberry32(32);
    for (let k = 0; k < 200; k++) {
      const x = -37 + rand() * 37.5;
      expectClose(normalQuantile(normalCdf(x)), x, { rel: 1e-13, abs: 1e-13 }, `x = ${x}`);
      expectClose(normalQuantile(normalSf(-x)), x, { rel: 1e-13, abs: 1e-13 }, `sf, x = ${x}`);
    }
  });

  it('handles edges like scipy', () => {
    expect(normalCdf(NaN)).toBeNaN();
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(erf(NaN)).toBeNaN();
    expect(erfc(-30)).toBe(2);
    expect(erfc(30)).toBe(0);
    expectClose(normalPdf(0), 1 / Math.sqrt(2 * Math.PI), { rel: 3e-16 });
    expectClose(normalPdf(1.5), Math.exp(-1.125) / Math.sqrt(2 * Math.PI), { rel: 1e-15 });
  });
});
