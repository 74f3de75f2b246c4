import { StatsInputError } from './errors.js';

/** Options of {@link toFloat64}. (Input checking has no scipy counterpart; see StatsInputError.) */
export interface VectorCheck {
  /** Accept ±Infinity (NaN is always rejected). Default false. */
  allowInfinite?: boolean;
  /** Smallest accepted length. Default 1. */
  minLength?: number;
}

/**
 * Copies `values` into a fresh Float64Array after checking it: not empty (or at least `minLength` long), no NaN, and
 * no ±Infinity unless allowed. Messages name the function and argument, e.g. `wilcoxon: d[3] is NaN`.
 * The float64 conversion is `numpy.asarray(values, dtype=float64)`; the checks have no scipy counterpart.
 */
export function toFloat64(fn: string, arg: string, values: ArrayLike<number>, check: VectorCheck = {}): Float64Array {
  if (values === null || values === undefined || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new StatsInputError(`${fn}: ${arg} must be an array of numbers`, { fn, arg });
  }
  const minLength = check.minLength ?? 1;
  const n = values.length;
  if (n === 0) throw new StatsInputError(`${fn}: ${arg} is empty`, { fn, arg, length: 0 });
  if (n < minLength) {
    throw new StatsInputError(`${fn}: ${arg} has ${n} value(s), at least ${minLength} needed`, { fn, arg, length: n });
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number') {
      throw new StatsInputError(`${fn}: ${arg}[${i}] is not a number (${typeof v})`, { fn, arg, index: i });
    }
    if (Number.isNaN(v)) throw new StatsInputError(`${fn}: ${arg}[${i}] is NaN`, { fn, arg, index: i });
    if (!check.allowInfinite && !Number.isFinite(v)) {
      throw new StatsInputError(`${fn}: ${arg}[${i}] is ${v}, a finite number is required`, { fn, arg, index: i });
    }
    out[i] = v;
  }
  return out;
}

/** Throws unless both vectors have the same length (scipy 1.10.1 raises ValueError here; not a scipy function). */
export function checkSameLength(fn: string, argA: string, a: ArrayLike<number>, argB: string, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new StatsInputError(`${fn}: ${argA} has length ${a.length} but ${argB} has length ${b.length}; paired samples must have equal lengths`, {
      fn,
      lengths: [a.length, b.length],
    });
  }
}

/** Element-wise `x - y` in float64, as scipy's `d = x - y`; throws if a difference is NaN (Infinity − Infinity). */
export function pairedDifferences(fn: string, x: Float64Array, y: Float64Array, names: readonly [string, string] = ['x', 'y']): Float64Array {
  const d = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    d[i] = x[i] - y[i];
    if (Number.isNaN(d[i])) {
      throw new StatsInputError(`${fn}: ${names[0]}[${i}] - ${names[1]}[${i}] is NaN (${x[i]} - ${y[i]})`, { fn, index: i });
    }
  }
  return d;
}

/** Throws unless `value` is one of `allowed` (scipy raises ValueError for unknown option strings; not a scipy function). */
export function checkOption<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new StatsInputError(`${fn}: option ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`, {
      fn,
      option: name,
    });
  }
  return value as T;
}

/** Throws unless `value` is a number in the closed interval [lo, hi] (or open where `open` says so). Not a scipy function. */
export function checkNumber(fn: string, name: string, value: unknown, lo: number, hi: number, open: { lo?: boolean; hi?: boolean } = {}): number {
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (open.lo ? value > lo : value >= lo) &&
    (open.hi ? value < hi : value <= hi);
  if (!ok) {
    const l = open.lo ? '(' : '[';
    const h = open.hi ? ')' : ']';
    throw new StatsInputError(`${fn}: ${name} must be a number in ${l}${lo}, ${hi}${h}, got ${String(value)}`, { fn, option: name });
  }
  return value as number;
}
