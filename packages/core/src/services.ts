import type { Logger, Rng } from './interfaces/services.js';

/** mulberry32: tiny, fast and good enough for sampling; the same seed gives the same stream everywhere. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 2^32) (got ${seed})`);
  }
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (n: number) => Math.floor(next() * n),
    fork: (label: string) => createRng(hashSeed(seed, label)),
  };
}

/** FNV-1a over the seed and a label: independent, reproducible sub-streams per purpose. */
export function hashSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Logs to stderr at or above `level`; silent by default in libraries. */
export function createLogger(level: 'debug' | 'info' | 'warn' | 'silent' = 'warn', sink: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const order = { debug: 0, info: 1, warn: 2, silent: 3 } as const;
  const at = order[level];
  return {
    debug: (m) => at <= 0 && sink(`debug: ${m}`),
    info: (m) => at <= 1 && sink(m),
    warn: (m) => at <= 2 && sink(`warning: ${m}`),
  };
}
