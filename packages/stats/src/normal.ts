/**
 * Standard normal distribution, ported from the Cephes routines scipy 1.10.1 uses (`scipy/special/cephes/ndtr.c`,
 * `ndtri.c`): erf/erfc by rational approximations, Φ via erfc in the tails so that Φ(−38) ≈ 2.9e−316 keeps its
 * relative accuracy (a `1 − Φ(x)` evaluation would return 0 long before that).
 */

const MAXLOG = 7.08396418532264106224e2; // log(2**1022), Cephes MAXLOG
const SQRT1_2 = 7.071067811865475244008e-1;
const S2PI = 2.50662827463100050242e0; // sqrt(2π)
const EXPNEG2 = 1.3533528323661269189e-1; // exp(-2)

const P = [2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687e0, 4.86371970985681366614e1,
  1.96520832956077098242e2, 5.26445194995477358631e2, 9.34528527171957607540e2, 1.02755188689515710272e3, 5.57535335369399327526e2];
const Q = [1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2, 9.75708501743205489753e2,
  1.82390916687909736289e3, 2.24633760818710981792e3, 1.65666309194161350182e3, 5.57535340817727675546e2];
const R = [5.64189583547755073984e-1, 1.27536670759978104416e0, 5.01905042251180477414e0, 6.16021097993053585195e0,
  7.40974269950448939160e0, 2.97886665372100240670e0];
const S = [2.26052863220117276590e0, 9.39603524938001434673e0, 1.20489539808096656605e1, 1.70814450747565897222e1,
  9.60896809063285878198e0, 3.36907645100081516050e0];
const T = [9.60497373987051638749e0, 9.00260197203842689217e1, 2.23200534594684319226e3, 7.00332514112805075473e3,
  5.55923013010394962768e4];
const U = [3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3, 2.26290000613890934246e4,
  4.92673942608635921086e4];
const P0 = [-5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1, 1.39312609387279679503e1,
  -1.23916583867381258016e0];
const Q0 = [1.95448858338141759834e0, 4.67627912898881538453e0, 8.63602421390890590575e1, -2.25462687854119370527e2,
  2.00260212380060660359e2, -8.20372256168333339912e1, 1.59056225126211695515e1, -1.18331621121330003142e0];
const P1 = [4.05544892305962419923e0, 3.15251094599893866154e1, 5.71628192246421288162e1, 4.40805073893200834700e1,
  1.46849561928858024014e1, 2.18663306850790267539e0, -1.40256079171354495875e-1, -3.50424626827848203418e-2,
  -8.57456785154685413611e-4];
const Q1 = [1.57799883256466749731e1, 4.53907635128879210584e1, 4.13172038254672030440e1, 1.50425385692907503408e1,
  2.50464946208309415979e0, -1.42182922854787788574e-1, -3.80806407691578277194e-2, -9.33259480895457427372e-4];
const P2 = [3.23774891776946035970e0, 6.91522889068984211695e0, 3.93881025292474443415e0, 1.33303460815807542389e0,
  2.01485389549179081538e-1, 1.23716634817820021358e-2, 3.01581553508235416007e-4, 2.65806974686737550832e-6,
  6.23974539184983293730e-9];
const Q2 = [6.02427039364742014255e0, 3.67983563856160859403e0, 1.37702099489081330271e0, 2.16236993594496635890e-1,
  1.34204006088543189037e-2, 3.28014464682127739104e-4, 2.89247864745380683936e-6, 6.79019408009981274425e-9];

/** Cephes `polevl`: Σ coef[i]·x^(N−i), Horner order. */
function polevl(x: number, coef: readonly number[]): number {
  let ans = coef[0];
  for (let i = 1; i < coef.length; i++) ans = ans * x + coef[i];
  return ans;
}

/** Cephes `p1evl`: like polevl with an implicit leading coefficient 1. */
function p1evl(x: number, coef: readonly number[]): number {
  let ans = x + coef[0];
  for (let i = 1; i < coef.length; i++) ans = ans * x + coef[i];
  return ans;
}

/** `scipy.special.erf` (Cephes `erf`, scipy 1.10.1). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (Math.abs(x) > 1) return 1 - erfc(x);
  const z = x * x;
  return (x * polevl(z, T)) / p1evl(z, U);
}

/** `scipy.special.erfc` (Cephes `erfc`, scipy 1.10.1): relative accuracy ~1e-14 out to the underflow at x ≈ 26.6. */
export function erfc(a: number): number {
  if (Number.isNaN(a)) return NaN;
  const x = Math.abs(a);
  if (x < 1) return 1 - erf(a);
  const z = -a * a;
  if (z < -MAXLOG) return a < 0 ? 2 : 0;
  const ez = Math.exp(z);
  let y = x < 8 ? (ez * polevl(x, P)) / p1evl(x, Q) : (ez * polevl(x, R)) / p1evl(x, S);
  if (a < 0) y = 2 - y;
  if (y === 0) return a < 0 ? 2 : 0;
  return y;
}

/**
 * Φ(x) = `scipy.special.ndtr(x)` = `scipy.stats.norm.cdf(x)` (scipy 1.10.1, Cephes `ndtr`): `0.5·erfc(|x|/√2)` in
 * the tails, `0.5 + 0.5·erf(x/√2)` near 0.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const t = x * SQRT1_2;
  const z = Math.abs(t);
  if (z < SQRT1_2) return 0.5 + 0.5 * erf(t);
  const y = 0.5 * erfc(z);
  return t > 0 ? 1 - y : y;
}

/** 1 − Φ(x) = `scipy.stats.norm.sf(x)` = `ndtr(−x)` (scipy 1.10.1), accurate in the upper tail. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/** φ(x) = `scipy.stats.norm.pdf(x)` = exp(−x²/2)/√(2π). */
export function normalPdf(x: number): number {
  return Math.exp(-(x * x) / 2) / S2PI;
}

/**
 * Φ⁻¹(p) = `scipy.special.ndtri(p)` = `scipy.stats.norm.ppf(p)` (scipy 1.10.1, Cephes `ndtri`): −∞ at 0, +∞ at 1,
 * NaN outside [0, 1]; relative accuracy ~1e-16 down to p = 1e-308.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let y = p;
  let negate = true;
  if (y > 1 - EXPNEG2) {
    y = 1 - y;
    negate = false;
  }
  if (y > EXPNEG2) {
    y -= 0.5;
    const y2 = y * y;
    const x = y + y * ((y2 * polevl(y2, P0)) / p1evl(y2, Q0));
    return x * S2PI;
  }
  const x = Math.sqrt(-2 * Math.log(y));
  const x0 = x - Math.log(x) / x;
  const z = 1 / x;
  const x1 = x < 8 ? (z * polevl(z, P1)) / p1evl(z, Q1) : (z * polevl(z, P2)) / p1evl(z, Q2);
  const r = x0 - x1;
  return negate ? -r : r;
}
