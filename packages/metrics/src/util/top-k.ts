import { numpyArgsort, SaliencyError } from '@saliency/core';

export { numpyArgsort, numpyHeapsort } from '@saliency/core';

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

/** The option schemas every top-k% metric shares: `kPercent` in (0, 100] and the tie order. */
export const TOP_K_OPTION_PROPERTIES = {
  kPercent: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
  tieOrder: { type: 'string', enum: [...TIE_ORDERS] },
} as const;

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
