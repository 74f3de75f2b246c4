import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numpyArgsort as argsortNumpy, numpyHeapsort } from '../../src/util/numpy-argsort.js';

describe('argsortNumpy (numpy 1.24 introsort permutation)', () => {
  it('reproduces the verified numpy orders of an all-zero row of 1000 (ALGORITHMS.md §2.3): last is 999, last three reversed [999, 328, 341]', () => {
    const order = argsortNumpy(new Float64Array(1000));
    expect(order[999]).toBe(999);
    expect(Array.from(order.slice(-3)).reverse()).toEqual([999, 328, 341]);
  });

  it('is not stable on ties for longer arrays (unlike a stable sort), but equals insertion sort (stable) up to 16 elements', () => {
    const zeros = argsortNumpy(new Float64Array(1000));
    expect(Array.from(zeros)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(argsortNumpy([1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1]))).toEqual([1, 3, 5, 6, 9, 10, 11, 14, 0, 2, 4, 7, 8, 12, 13, 15]);
  });

  it('sorts NaN last (numpy less: a < b, or b is NaN)', () => {
    expect(Array.from(argsortNumpy([Number.NaN, 2, -1, Number.NaN, 0]))).toEqual([2, 4, 1, 0, 3]);
  });

  it('always returns a permutation ordering the values ascending (property, with many ties)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 0, maxLength: 300 }), (arr) => {
        const order = Array.from(argsortNumpy(arr));
        expect([...order].sort((a, b) => a - b)).toEqual(arr.map((_, i) => i));
        for (let i = 1; i < order.length; i++) expect(arr[order[i - 1]!]!).toBeLessThanOrEqual(arr[order[i]!]!);
      }),
      { numRuns: 200 },
    );
  });

  it('sorts a median-of-3 killer sequence exactly (it exhausts the depth limit: the heapsort fallback runs 21 times for n = 4096)', () => {
    // Musser's median-of-3 killer; all values distinct, so the ascending permutation is unique.
    const n = 4096;
    const k = n / 2;
    const a = new Float64Array(n);
    for (let i = 1; i <= k; i++) {
      if (i % 2 === 1) {
        a[i - 1] = i;
        a[i] = k + i;
      }
      a[k + i - 1] = 2 * i;
    }
    expect(new Set(a).size).toBe(n);
    const expected = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[x]! - a[y]!);
    expect(Array.from(argsortNumpy(a))).toEqual(expected);
  });

  it('numpyHeapsort sorts exactly the sub-range it is given, ascending, NaN last (property, with ties)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(Number.NaN)), { minLength: 2, maxLength: 200 }), fc.nat(), (arr, r) => {
        const lo = r % arr.length;
        const n = arr.length - lo;
        const t = Int32Array.from(arr, (_, i) => i);
        numpyHeapsort(arr, t, lo, n);
        expect(Array.from(t.slice(0, lo))).toEqual(arr.slice(0, lo).map((_, i) => i)); // untouched before lo
        expect(Array.from(t.slice(lo)).sort((a, b) => a - b)).toEqual(arr.slice(lo).map((_, i) => lo + i));
        const key = (x: number) => (Number.isNaN(x) ? Infinity : x);
        for (let i = lo + 1; i < arr.length; i++) {
          const [a, b] = [arr[t[i - 1]!]!, arr[t[i]!]!];
          expect(Number.isNaN(a) && !Number.isNaN(b)).toBe(false);
          if (!Number.isNaN(b)) expect(key(a)).toBeLessThanOrEqual(key(b));
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
