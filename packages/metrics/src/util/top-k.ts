import { SaliencyError } from '@saliency/core';

/**
 * Top-K% pixel selection, as the authors' `metrics.top_k_coords(cam, k)`:
 * `K = int((k/100) * (H*W))`, `order = np.argsort(cam.flatten())[::-1][:K]`.
 *
 * Two tie orders:
 * - `'value-then-index'` (the project default): descending value, then ascending flat (row-major) index.
 *   Deterministic and independent of numpy's version or the CPU.
 * - `'numpy'` (parity): an exact port of numpy 1.24's introsort `argsort` (ALGORITHMS.md §3.3), reversed, first K.
 *   Equal values come out in the (deterministic, but neither stable nor index-ordered) order numpy produces.
 *
 * Maps are cleaned first exactly as the reference does, `np.nan_to_num(np.maximum(x, 0))`: negative values, -0,
 * −Infinity and NaN become 0, and +Infinity becomes the largest finite float32 (3.4028234663852886e38), which is
 * what `nan_to_num` substitutes in a float32 array. After cleaning there is no NaN, so neither order ever compares
 * a NaN; {@link numpyArgsort} itself still follows numpy's rule (NaN sorts last) when given raw values.
 */
export type TieOrder = 'value-then-index' | 'numpy';

export const TIE_ORDERS: readonly TieOrder[] = ['value-then-index', 'numpy'];

/** Largest finite float32: what `np.nan_to_num` maps +inf to in a float32 array. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * `int((kPercent / 100) * numPixels)` evaluated in float64 like Python, i.e. truncated toward zero
 * (so `k = 29` of 100 pixels selects 28, because `0.29 * 100 = 28.999999999999996`).
 * Throws `SALIENCY_INVALID_OPTIONS` unless `0 < kPercent <= 100`, and `SALIENCY_INVALID_INPUT` for a non-integer
 * or negative pixel count.
 */
export function topKCount(kPercent: number, numPixels: number): number {
  if (typeof kPercent !== 'number' || !(kPercent > 0 && kPercent <= 100)) {
    throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `top-k: kPercent must be in (0, 100] (got ${String(kPercent)})`, { kPercent });
  }
  if (!Number.isInteger(numPixels) || numPixels < 0) {
    throw new SaliencyError('SALIENCY_INVALID_INPUT', `top-k: the pixel count must be a non-negative integer (got ${numPixels})`);
  }
  return Math.trunc((kPercent / 100) * numPixels);
}

/** `np.nan_to_num(np.maximum(x, 0))` for a float32 map, as float64 values (which are exact float32 values). */
export function cleanMap(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    out[i] = v > 0 ? (v === Infinity ? FLOAT32_MAX : v) : 0; // NaN, -inf, negatives and -0 → +0
  }
  return out;
}

/** numpy's float `less`: `a < b`, or `b` is NaN and `a` is not (NaNs sort to the end). */
function less(a: number, b: number): boolean {
  return a < b || (b !== b && a === a);
}

/**
 * numpy 1.24's `aheapsort_` on `t[lo .. lo+n-1]` (the introsort fallback). Exported for tests; `numpyArgsort`
 * only reaches it when the recursion depth limit `2·floor(log2 n)` is exhausted.
 */
export function numpyHeapsort(v: ArrayLike<number>, t: Int32Array, lo: number, n: number): void {
  const o = lo - 1; // a[i] = t[o + i], 1-based
  for (let l = n >> 1; l > 0; --l) {
    const tmp = t[o + l]!;
    let i = l;
    for (let j = l << 1; j <= n; ) {
      if (j < n && less(v[t[o + j]!]!, v[t[o + j + 1]!]!)) j += 1;
      if (less(v[tmp]!, v[t[o + j]!]!)) {
        t[o + i] = t[o + j]!;
        i = j;
        j += j;
      } else break;
    }
    t[o + i] = tmp;
  }
  for (; n > 1; ) {
    const tmp = t[o + n]!;
    t[o + n] = t[o + 1]!;
    n -= 1;
    let i = 1;
    for (let j = 2; j <= n; ) {
      if (j < n && less(v[t[o + j]!]!, v[t[o + j + 1]!]!)) j++;
      if (less(v[tmp]!, v[t[o + j]!]!)) {
        t[o + i] = t[o + j]!;
        i = j;
        j += j;
      } else break;
    }
    t[o + i] = tmp;
  }
}

/**
 * `np.argsort(values)` with the default kind (`'quicksort'`), exactly as numpy 1.24 computes it for float arrays:
 * median-of-3 introsort over index arrays, insertion sort below 16 elements, heapsort past depth `2·floor(log2 n)`
 * (numpy `npysort/quicksort.cpp`, `aquicksort_`). Ascending; ties in numpy's order.
 */
export function numpyArgsort(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  const v = values instanceof Float64Array ? values : Float64Array.from(values);
  const t = new Int32Array(n);
  for (let i = 0; i < n; i++) t[i] = i;
  if (n < 2) return t;
  const swap = (a: number, b: number): void => {
    const x = t[a]!;
    t[a] = t[b]!;
    t[b] = x;
  };
  const stack: number[] = []; // (lo, hi, depth) triples
  let lo = 0;
  let hi = n - 1;
  let depth = 2 * (31 - Math.clz32(n)); // npy_get_msb(n) * 2
  for (;;) {
    if (depth < 0) {
      numpyHeapsort(v, t, lo, hi - lo + 1);
    } else {
      while (hi - lo > 15) {
        const mid = lo + ((hi - lo) >> 1);
        if (less(v[t[mid]!]!, v[t[lo]!]!)) swap(mid, lo);
        if (less(v[t[hi]!]!, v[t[mid]!]!)) swap(hi, mid);
        if (less(v[t[mid]!]!, v[t[lo]!]!)) swap(mid, lo);
        const p = v[t[mid]!]!;
        let i = lo;
        let j = hi - 1;
        swap(mid, j);
        for (;;) {
          do ++i;
          while (less(v[t[i]!]!, p));
          do --j;
          while (less(p, v[t[j]!]!));
          if (i >= j) break;
          swap(i, j);
        }
        swap(i, hi - 1);
        depth -= 1;
        if (i - lo < hi - i) {
          stack.push(i + 1, hi, depth);
          hi = i - 1;
        } else {
          stack.push(lo, i - 1, depth);
          lo = i + 1;
        }
      }
      for (let i = lo + 1; i <= hi; i++) {
        const ti = t[i]!;
        const key = v[ti]!;
        let j = i;
        while (j > lo && less(key, v[t[j - 1]!]!)) {
          t[j] = t[j - 1]!;
          j--;
        }
        t[j] = ti;
      }
    }
    if (stack.length === 0) return t;
    depth = stack.pop()!;
    hi = stack.pop()!;
    lo = stack.pop()!;
  }
}

/**
 * The flat indices of the `count` largest values of an already cleaned map, in selection order
 * (largest first; ties as `tieOrder` says).
 */
export function selectTop(cleaned: ArrayLike<number>, count: number, tieOrder: TieOrder = 'value-then-index'): Int32Array {
  const n = cleaned.length;
  if (!Number.isInteger(count) || count < 0 || count > n) {
    throw new SaliencyError('SALIENCY_INVALID_INPUT', `top-k: cannot select ${count} of ${n} pixels`);
  }
  if (tieOrder === 'numpy') {
    const order = numpyArgsort(cleaned);
    const out = new Int32Array(count);
    for (let r = 0; r < count; r++) out[r] = order[n - 1 - r]!;
    return out;
  }
  if (tieOrder !== 'value-then-index') {
    throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `top-k: unknown tieOrder ${JSON.stringify(tieOrder)} (use ${TIE_ORDERS.join(' or ')})`);
  }
  const idx = Array.from({ length: n }, (_, i) => i);
  // Cleaned values are finite, so the difference is never NaN; Array#sort is stable, and the index term makes
  // the order explicit anyway.
  idx.sort((a, b) => cleaned[b]! - cleaned[a]! || a - b);
  return Int32Array.from(idx.slice(0, count));
}

/**
 * `top_k_coords(map, kPercent)` as flat indices: cleans the map (`nan_to_num(max(x, 0))`), computes
 * `K = int(kPercent/100 · length)` and returns the K selected flat indices in selection order.
 * Throws when K is 0 (an agreement or a drop over no pixels is undefined).
 */
export function topKIndices(map: ArrayLike<number>, kPercent: number, tieOrder: TieOrder = 'value-then-index'): Int32Array {
  const count = topKCount(kPercent, map.length);
  if (count === 0) {
    throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `top-k: kPercent ${kPercent} of ${map.length} pixels selects no pixel (K = int(${kPercent}/100 * ${map.length}) = 0)`, { kPercent });
  }
  return selectTop(cleanMap(map), count, tieOrder);
}

/**
 * The authors' `(col, row)` bug: each selected `(row, col)` of an `H×W` map replaced by `(col, row)`, i.e. the flat
 * index `col·W + row`. Only defined for square maps (the reference raises an index error otherwise).
 */
export function transposeFlat(indices: ArrayLike<number>, height: number, width: number): Int32Array {
  if (height !== width) {
    throw new SaliencyError('SALIENCY_UNSUPPORTED', `top-k: transposed (legacy) coordinates need a square map (got ${height}x${width})`);
  }
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const f = indices[i]!;
    const row = Math.floor(f / width);
    const col = f - row * width;
    out[i] = col * width + row;
  }
  return out;
}

/** `|set(a) ∩ set(b)| / |a| × 100` in float64 (divide first, then ×100), as `agreement_coords`. */
export function agreementPercent(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0) {
    throw new SaliencyError('SALIENCY_INVALID_INPUT', 'agreement: the first selection is empty (division by zero)');
  }
  const sa = new Set<number>(Array.from(a));
  const sb = new Set<number>(Array.from(b));
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return (inter / a.length) * 100;
}
