/**
 * `numpy.argsort(v)` with numpy 1.24's default kind (introsort, not stable), reproducing numpy's permutation of
 * equal keys exactly (ALGORITHMS.md §3.3). Used for the reference-parity contrast order.
 *
 * Note: `@saliency/metrics` carries a port of the same algorithm for top-k pixels; the two can be deduplicated
 * into core later.
 */

/** numpy's `less` for floats: `a < b`, or `b` is NaN and `a` is not (NaNs sort last). */
function less(a: number, b: number): boolean {
  return a < b || (b !== b && a === a);
}

const SMALL_QUICKSORT = 15;

function heapsort(v: ArrayLike<number>, t: Int32Array, lo: number, n: number): void {
  // 1-based heap over t[lo .. lo+n-1]: a[i] = t[lo + i - 1].
  const off = lo - 1;
  let i: number;
  let j: number;
  let tmp: number;
  for (let l = n >> 1; l > 0; --l) {
    tmp = t[off + l]!;
    for (i = l, j = l << 1; j <= n; ) {
      if (j < n && less(v[t[off + j]!]!, v[t[off + j + 1]!]!)) j += 1;
      if (less(v[tmp]!, v[t[off + j]!]!)) {
        t[off + i] = t[off + j]!;
        i = j;
        j += j;
      } else break;
    }
    t[off + i] = tmp;
  }
  for (; n > 1; ) {
    tmp = t[off + n]!;
    t[off + n] = t[off + 1]!;
    n -= 1;
    for (i = 1, j = 2; j <= n; ) {
      if (j < n && less(v[t[off + j]!]!, v[t[off + j + 1]!]!)) j++;
      if (less(v[tmp]!, v[t[off + j]!]!)) {
        t[off + i] = t[off + j]!;
        i = j;
        j += j;
      } else break;
    }
    t[off + i] = tmp;
  }
}

/** The permutation `np.argsort(v)` (kind `quicksort`) returns, as an Int32Array. */
export function argsortNumpy(v: ArrayLike<number>): Int32Array {
  const num = v.length;
  const t = new Int32Array(num);
  for (let i = 0; i < num; i++) t[i] = i;
  if (num < 2) return t;
  const swap = (a: number, b: number): void => {
    const x = t[a]!;
    t[a] = t[b]!;
    t[b] = x;
  };
  let pl = 0;
  let pr = num - 1;
  const stack: number[] = [];
  const depthStack: number[] = [];
  let cdepth = 0;
  for (let n = num >> 1; n > 0; n >>= 1) cdepth++;
  cdepth *= 2;
  for (;;) {
    if (cdepth < 0) {
      heapsort(v, t, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (less(v[t[pm]!]!, v[t[pl]!]!)) swap(pm, pl);
        if (less(v[t[pr]!]!, v[t[pm]!]!)) swap(pr, pm);
        if (less(v[t[pm]!]!, v[t[pl]!]!)) swap(pm, pl);
        const vp = v[t[pm]!]!;
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (less(v[t[pi]!]!, vp));
          do --pj;
          while (less(vp, v[t[pj]!]!));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depthStack.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = t[pi]!;
        const vp = v[vi]!;
        let pj = pi;
        while (pj > pl && less(vp, v[t[pj - 1]!]!)) {
          t[pj] = t[pj - 1]!;
          pj--;
        }
        t[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depthStack.pop()!;
  }
  return t;
}
