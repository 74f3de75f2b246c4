/** Seeded random numbers; every random choice of a run goes through one of these. */
export interface Rng {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** An independent generator derived from this one's seed and `label`. */
  fork(label: string): Rng;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}
