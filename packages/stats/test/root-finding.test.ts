import { describe, expect, it } from 'vitest';
import { brentRoot } from '../src/root-finding.js';
import { StatsInputError } from '../src/errors.js';
import { expectClose } from './support/numeric.js';

describe('brentRoot', () => {
  it('finds √2, the Dottie number and a root of a cubic to full precision', () => {
    expectClose(brentRoot((x) => x * x - 2, 0, 2), Math.SQRT2, { rel: 4.5e-16 });
    expectClose(brentRoot((x) => Math.cos(x) - x, 0, 1), 0.7390851332151607, { rel: 4.5e-16 });
    expectClose(brentRoot((x) => (x - 1) * (x - 1) * (x - 1) - 0.001, -5, 5), 1.1, { rel: 1e-12 });
  });

  it('handles roots at the end points and reversed brackets', () => {
    expect(brentRoot((x) => x - 3, 3, 10)).toBe(3);
    expect(brentRoot((x) => x - 3, 0, 3)).toBe(3);
    expectClose(brentRoot((x) => x - 0.25, 1, 0), 0.25, { rel: 1e-15 });
  });

  it('copes with a steep, badly scaled function (relative tolerance at 1e-300)', () => {
    // log(x) + 690 is only known to ±1e-13 absolute (one ulp of 690), so x is determined to ~1e-13 relative
    expectClose(brentRoot((x) => Math.log(x) + 690, 1e-320, 1, { xtol: 0 }), Math.exp(-690), { rel: 3e-13 });
    // with the default absolute tolerance 1e-300 the answer is only good to ~1e-300 absolute
    expectClose(brentRoot((x) => Math.log(x) + 690, 1e-320, 1), Math.exp(-690), { abs: 1e-300 });
  });

  it('throws StatsInputError when the bracket holds no sign change', () => {
    expect(() => brentRoot((x) => x * x + 1, -1, 1)).toThrow(StatsInputError);
    expect(() => brentRoot(() => NaN, -1, 1)).toThrow(/do not bracket a root/);
  });
});
