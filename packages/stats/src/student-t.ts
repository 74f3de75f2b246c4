import { lnBeta } from './beta.js';
import { betaincPair } from './incomplete-beta.js';
import { normalCdf, normalQuantile } from './normal.js';
import { brentRoot } from './root-finding.js';

/**
 * Student t CDF = `scipy.special.stdtr(df, t)` = `scipy.stats.t.cdf(t, df)` (scipy 1.10.1, which evaluates it
 * with cdflib's `cumt`): with x = df/(df+t²) and y = t²/(df+t²) (both formed without cancellation),
 * F(t) = ½·I_x(df/2, ½) for t ≤ 0 and 1 − ½·I_x(df/2, ½) for t > 0, the complement taken from the mirrored
 * incomplete beta so that both tails keep ~1e-14 relative accuracy. df may be any positive real; df = ∞ gives Φ(t).
 * Returns NaN for NaN arguments or df ≤ 0, 0 at t = −∞ and 1 at t = +∞.
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || df <= 0) return NaN;
  if (df === Infinity) return normalCdf(t);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (t === 0) return 0.5;
  const tt = t * t;
  if (!Number.isFinite(tt) || tt > 1e250 * df) {
    // x = df/(df + t²) < 1e-250 (or underflows): I_x(df/2, ½) = x^{df/2} / ((df/2)·B(df/2, ½)) · (1 + O(x)),
    // with x^{df/2} = (√df/|t|)^df, so that e.g. the Cauchy tail 1/(π|t|) survives |t| = 1e300.
    const a = 0.5 * df;
    const tail = (0.5 * Math.pow(Math.sqrt(df) / Math.abs(t), df) * Math.exp(-lnBeta(a, 0.5))) / a;
    return t < 0 ? tail : 1 - tail;
  }
  const dfptt = df + tt;
  const x = df / dfptt;
  const y = tt / dfptt;
  const { lower, upper } = betaincPair(0.5 * df, 0.5, x, y);
  const tail = 0.5 * lower;
  return t <= 0 ? tail : upper + tail;
}

/** Student t survival function 1 − F(t) = `scipy.stats.t.sf(t, df)` = `stdtr(df, −t)` (scipy 1.10.1). */
export function studentTSf(t: number, df: number): number {
  return studentTCdf(-t, df);
}

/** Student t density = `scipy.stats.t.pdf(t, df)` (scipy 1.10.1): (1 + t²/df)^(−(df+1)/2) / (√df · B(df/2, ½)). */
export function studentTPdf(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || df <= 0) return NaN;
  if (df === Infinity) return Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  if (!Number.isFinite(t)) return 0;
  return Math.exp(-0.5 * (df + 1) * Math.log1p((t * t) / df) - 0.5 * Math.log(df) - lnBeta(0.5 * df, 0.5));
}

/**
 * Student t quantile F⁻¹(p) = `scipy.special.stdtrit(df, p)` = `scipy.stats.t.ppf(p, df)` (scipy 1.10.1), found by
 * Brent's method on {@link studentTCdf} (lower tail; the upper tail by symmetry, 1 − p being exact for p ≥ ½).
 * The bracket starts at the normal quantile (the t quantile is further out) and is widened ×4 until it holds the
 * root. Accuracy is that of the CDF: ~1e-13 relative. −∞ at p = 0, +∞ at p = 1, NaN outside [0, 1] or df ≤ 0.
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || Number.isNaN(df) || df <= 0 || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  if (p > 0.5) return -lowerQuantile(1 - p, df);
  return lowerQuantile(p, df);
}

/** The root of F(x) = p for 0 < p < ½ (so x < 0). */
function lowerQuantile(p: number, df: number): number {
  const g = (x: number): number => studentTCdf(x, df) - p;
  let hi = Math.min(normalQuantile(p), -Number.MIN_VALUE);
  if (!(g(hi) >= 0)) hi = 0; // rounding at huge df: fall back to the certain bound F(0) = ½ > p
  let lo = Math.min(hi * 4, -1);
  for (let i = 0; i < 2000 && g(lo) > 0; i++) {
    hi = lo;
    lo *= 4;
    if (!Number.isFinite(lo)) return -Infinity;
  }
  return brentRoot(g, lo, hi, { rtol: 2 * Number.EPSILON, xtol: 1e-300, maxIter: 1000 });
}
