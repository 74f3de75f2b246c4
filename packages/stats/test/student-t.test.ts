import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from '../src/normal.js';
import { studentTCdf, studentTPdf, studentTQuantile, studentTSf } from '../src/student-t.js';
import { specialFixture } from './support/fixtures.js';
import { expectClose, MaxDeviation } from './support/numeric.js';
import { mulberry32 } from './support/prng.js';

describe('Student t CDF against 400-digit mpmath', () => {
  it('F(t; df) to 2e-13 relative for df from 1 to 1e7 and t from −1e10 to 26', () => {
    const dev = new MaxDeviation();
    for (const [t, df, v] of specialFixture.stdtr) {
      expectClose(studentTCdf(t, df), v, { rel: 2e-13 }, `F(${t}; ${df})`);
      dev.add(studentTCdf(t, df), v, `${t},${df}`);
    }
    expect(dev.value).toBeLessThan(2e-13);
  });

  it('closed forms for df = 1 (Cauchy) and df = 2, written without tail cancellation', () => {
    const rand = mulberry32(41);
    for (let k = 0; k < 200; k++) {
      const t = (rand() - 0.5) * 2 * Math.pow(10, rand() * 6 - 2);
      expectClose(studentTCdf(t, 1), Math.atan2(1, -t) / Math.PI, { rel: 1e-14 }, `df 1, t ${t}`);
      const s = Math.sqrt(2 + t * t);
      const f2 = t <= 0 ? 1 / (s * (s - t)) : 1 - 1 / (s * (s + t));
      expectClose(studentTCdf(t, 2), f2, { rel: 1e-14 }, `df 2, t ${t}`);
    }
  });

  it('sf(t) = F(−t); F(t) + sf(t) = 1; df = ∞ is the normal', () => {
    for (const df of [1, 3.5, 19, 1e6]) {
      for (const t of [-5, -0.3, 0, 0.3, 5]) {
        expect(studentTSf(t, df)).toBe(studentTCdf(-t, df));
        expectClose(studentTCdf(t, df) + studentTSf(t, df), 1, { abs: 3e-16 });
      }
    }
    expect(studentTCdf(1.3, Infinity)).toBe(normalCdf(1.3));
  });

  it('edges: NaN, df ≤ 0, ±∞', () => {
    expect(studentTCdf(NaN, 3)).toBeNaN();
    expect(studentTCdf(1, 0)).toBeNaN();
    expect(studentTCdf(1, -2)).toBeNaN();
    expect(studentTCdf(Infinity, 5)).toBe(1);
    expect(studentTCdf(-Infinity, 5)).toBe(0);
    expect(studentTCdf(0, 5)).toBe(0.5);
    expect(studentTCdf(-1e200, 5)).toBe(0);
    // t² overflows: the Cauchy tail 1/(π|t|) must survive
    expectClose(studentTCdf(-1e200, 1), 1 / (Math.PI * 1e200), { rel: 1e-14 });
    expectClose(studentTCdf(-1e300, 1), Math.atan2(1, 1e300) / Math.PI, { rel: 1e-14 });
    expectClose(studentTSf(1e130, 2), 1 / (2 * 1e130 * 1e130), { rel: 1e-14 }); // 1/(s(s + t)), s = √(2 + t²)
  });

  it('density integrates the CDF (numeric derivative) and matches df = 1 exactly', () => {
    expectClose(studentTPdf(0.7, 1), 1 / (Math.PI * (1 + 0.49)), { rel: 1e-14 });
    for (const [t, df] of [[0.3, 4], [-2.2, 19], [5, 2.5]] as const) {
      const h = 1e-5;
      const deriv = (studentTCdf(t + h, df) - studentTCdf(t - h, df)) / (2 * h);
      expectClose(studentTPdf(t, df), deriv, { rel: 1e-8 });
    }
  });
});

describe('Student t quantile (root finder on the CDF)', () => {
  it('matches mpmath roots to 1e-13 relative, p from 1e-100 to 1 − 1e-6', () => {
    for (const [p, df, v] of specialFixture.stdtrit) expectClose(studentTQuantile(p, df), v, { rel: 1e-13 }, `q(${p}; ${df})`);
  });

  it('matches the df = 1 and df = 2 closed forms', () => {
    const rand = mulberry32(42);
    for (let k = 0; k < 200; k++) {
      const p = Math.pow(10, -rand() * 12) * (rand() < 0.5 ? 1 : 0.5);
      expectClose(studentTQuantile(p, 1), -1 / Math.tan(Math.PI * p), { rel: 1e-13 }, `df 1, p ${p}`);
      expectClose(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), { rel: 1e-13 }, `df 2, p ${p}`);
    }
  });

  it('F(q(p)) = p and q(1 − p) = −q(p)', () => {
    const rand = mulberry32(43);
    for (let k = 0; k < 200; k++) {
      const df = Math.pow(10, rand() * 4);
      const p = rand() * 0.5;
      if (p === 0) continue;
      const q = studentTQuantile(p, df);
      expectClose(studentTCdf(q, df), p, { rel: 1e-12 }, `df ${df}, p ${p}`);
      expect(studentTQuantile(1 - p, df)).toBe(-studentTQuantile(1 - (1 - p), df));
    }
  });

  it('edges', () => {
    expect(studentTQuantile(0, 4)).toBe(-Infinity);
    expect(studentTQuantile(1, 4)).toBe(Infinity);
    expect(studentTQuantile(0.5, 4)).toBe(0);
    expect(studentTQuantile(1.2, 4)).toBeNaN();
    expect(studentTQuantile(0.3, 0)).toBeNaN();
    expect(studentTQuantile(0.3, Infinity)).toBe(normalQuantile(0.3));
    expectClose(studentTQuantile(1e-300, 1), -1 / (Math.PI * 1e-300), { rel: 1e-12 });
  });
});
