/**
 * `numpy.argsort(v)` with numpy 1.24's default kind (introsort, not stable): numpy's permutation of equal keys,
 * exactly (ALGORITHMS.md §3.3). The reference's top-k pixel selections and contrast classes depend on it, so the
 * metrics (tie order `numpy`) and CASE's confusion-matrix selector (order `numpy`) share this one port.
 */
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
  // numpy's sift-down of `tmp` from slot i within a[1..n]; the heap build and the sort loop both use it.
  const siftDown = (tmp: number, i: number, size: number): void => {
    for (let j = i << 1; j <= size; ) {
      if (j < size && less(v[t[o + j]!]!, v[t[o + j + 1]!]!)) j += 1;
      if (!less(v[tmp]!, v[t[o + j]!]!)) break;
      t[o + i] = t[o + j]!;
      i = j;
      j += j;
    }
    t[o + i] = tmp;
  };
  for (let l = n >> 1; l > 0; --l) siftDown(t[o + l]!, l, n);
  for (; n > 1; ) {
    const tmp = t[o + n]!;
    t[o + n] = t[o + 1]!;
    n -= 1;
    siftDown(tmp, 1, n);
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
