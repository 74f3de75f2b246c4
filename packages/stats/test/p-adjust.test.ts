import { describe, expect, it } from 'vitest';
import { bonferroni, holm } from '../src/p-adjust.js';
import { mulberry32 } from './support/prng.js';

const close = (a: ArrayLike<number>, b: number[]) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => (Number.isNaN(v) ? expect(a[i]).toBeNaN() : expect(a[i]).toBeCloseTo(v, 15)));
};

describe('holm (hand-worked)', () => {
  it('m = 4: sorted 0.005, 0.01, 0.03, 0.04 → 0.02, 0.03, 0.06, max(0.04, 0.06)', () => {
    close(holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02]);
  });

  it('caps at 1 and keeps the step-down monotone', () => {
    close(holm([0.5, 0.6, 0.001]), [1, 1, 0.003]);
  });

  it('ignores NaN in m and passes it through', () => {
    close(holm([0.02, NaN, 0.01]), [0.02, NaN, 0.02]);
    close(holm([NaN]), [NaN]);
    close(holm([]), []);
  });

  it('ties: equal p-values get equal adjusted values', () => {
    close(holm([0.01, 0.01, 0.2]), [0.03, 0.03, 0.2]);
  });

  it('a six-method table (Table I style)', () => {
    // sorted: 0.0001·6, 0.004·5, 0.012·4, 0.02·3, 0.3·2, 0.7·1 → 0.0006, 0.02, 0.048, 0.06, 0.6, 0.7
    close(holm([0.02, 0.3, 0.0001, 0.012, 0.7, 0.004]), [0.06, 0.6, 0.0006, 0.048, 0.7, 0.02]);
  });

  it('properties: p ≤ holm ≤ bonferroni, order preserved (200 random vectors)', () => {
    const rand = mulberry32(61);
    for (let k = 0; k < 200; k++) {
      const p = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => (rand() < 0.1 ? NaN : rand() ** 3));
      const h = holm(p);
      const b = bonferroni(p);
      p.forEach((v, i) => {
        if (Number.isNaN(v)) return expect(h[i]).toBeNaN();
        expect(h[i]).toBeGreaterThanOrEqual(v);
        expect(h[i]).toBeLessThanOrEqual(b[i]);
        expect(h[i]).toBeLessThanOrEqual(1);
        p.forEach((w, j) => {
          if (!Number.isNaN(w) && v < w) expect(h[i]).toBeLessThanOrEqual(h[j]);
        });
      });
    }
  });
});

describe('bonferroni', () => {
  it('multiplies by the number of non-NaN p-values and caps at 1', () => {
    close(bonferroni([0.01, 0.3, NaN]), [0.02, 0.6, NaN]);
    close(bonferroni([0.6, 0.2]), [1, 0.4]);
  });
});

describe('p-value validation', () => {
  it('throws StatsInputError for p outside [0, 1]', () => {
    expect(() => holm([0.1, 1.5])).toThrow('holm: pvalues[1] is 1.5, p-values must lie in [0, 1] (NaN allowed)');
    expect(() => bonferroni([-0.1])).toThrow(/bonferroni: pvalues\[0\] is -0.1/);
    expect(() => holm(null as never)).toThrow(/must be an array/);
  });
});
