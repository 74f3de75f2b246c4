import { StatsInputError } from './errors.js';

/** Options of {@link brentRoot}. */
export interface RootOptions {
  /** Absolute x tolerance added to the relative one. Default 1e-300. */
  xtol?: number;
  /** Relative x tolerance. Default 4·2⁻⁵² (as `scipy.optimize.brentq`'s default rtol). */
  rtol?: number;
  /** Iteration cap. Default 500. */
  maxIter?: number;
}

/**
 * A zero of `f` in [lo, hi] by Brent's method (the algorithm of `scipy.optimize.brentq`: inverse quadratic
 * interpolation, secant and bisection steps, always keeping a sign change). `f(lo)` and `f(hi)` must differ in
 * sign (or one be 0). Converges to |Δx| ≤ xtol + rtol·|x|; never leaves the bracket. Same method as scipy 1.10.1's
 * `brentq`, but not its code, so iterates may differ in the last bits.
 */
export function brentRoot(f: (x: number) => number, lo: number, hi: number, opts: RootOptions = {}): number {
  const xtol = opts.xtol ?? 1e-300;
  const rtol = opts.rtol ?? 4 * Number.EPSILON;
  const maxIter = opts.maxIter ?? 500;
  let a = lo;
  let b = hi;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Number.isNaN(fa) || Number.isNaN(fb) || Math.sign(fa) === Math.sign(fb)) {
    throw new StatsInputError(`brentRoot: f(lo) = ${fa} and f(hi) = ${fb} do not bracket a root`, { fn: 'brentRoot' });
  }
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < maxIter; iter++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b; b = c; c = a;
      fa = fb; fb = fc; fc = fa;
    }
    const tol = 0.5 * (xtol + rtol * Math.abs(b));
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}
