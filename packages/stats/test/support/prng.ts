/**
 * mulberry32: a tiny seeded 32-bit PRNG, so the property tests are reproducible without fast-check.
 * Returns uniforms in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviate by Box–Muller. */
export function gaussian(rand: () => number): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Integer in [lo, hi]. */
export function randInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/**
 * A random difference vector: length 1..maxLen; kind 0 continuous (no ties, no zeros), kind 1 rounded to 0.5
 * (ties and zeros likely), kind 2 agreement-like percentages minus 70 in steps of 100/51.
 */
export function randomVector(rand: () => number, maxLen = 80, kind: 0 | 1 | 2 = randInt(rand, 0, 2) as 0 | 1 | 2): number[] {
  const n = randInt(rand, 1, maxLen);
  const shift = gaussian(rand);
  const scale = 0.2 + 3 * rand();
  return Array.from({ length: n }, () => {
    const g = shift + scale * gaussian(rand);
    if (kind === 0) return g;
    if (kind === 1) return Math.round(g * 2) / 2;
    return (Math.round(((g + 3) / 6) * 51) * 100) / 51 - 70;
  });
}

/** A random permutation of 0..n−1 (Fisher–Yates). */
export function permutation(rand: () => number, n: number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}
