import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSaliencyError } from '@saliency/core';
import {
  agreementPercent,
  cleanMap,
  FLOAT32_MAX,
  numpyArgsort,
  numpyHeapsort,
  selectTop,
  topKCount,
  topKIndices,
  transposeFlat,
} from '../../src/util/top-k.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('topKCount: Python int((k/100) * (H*W)) in float64', () => {
  it('gives the reference pixel counts', () => {
    expect(topKCount(5, 1024)).toBe(51); // FORMAT.md §7.1
    expect(topKCount(10, 1024)).toBe(102);
    expect(topKCount(5, 224 * 224)).toBe(2508); // ALGORITHMS.md §3.3
    expect(topKCount(50, 224 * 224)).toBe(25088);
    expect(topKCount(100, 1024)).toBe(1024);
  });
  it('truncates the float64 product like Python (0.29 * 100 = 28.999999999999996 → 28)', () => {
    expect(0.29 * 100).toBeLessThan(29);
    expect(topKCount(29, 100)).toBe(28);
    expect(topKCount(0.5, 1000)).toBe(5);
  });
  it.each([0, -1, 100.0001, Number.NaN, Infinity])('rejects k = %s outside (0, 100] with a named error', (k) => {
    let err: unknown;
    try {
      topKCount(k, 100);
    } catch (e) {
      err = e;
    }
    expect(isSaliencyError(err, 'SALIENCY_INVALID_OPTIONS')).toBe(true);
    expect((err as Error).message).toMatch(/kPercent must be in \(0, 100\]/);
  });
  it('throws when K would be 0 instead of dividing by zero later', () => {
    expect(() => topKIndices(new Float32Array(16), 5)).toThrow(/selects no pixel/);
  });
});

describe('cleanMap: np.nan_to_num(np.maximum(x, 0))', () => {
  it('maps NaN, negatives, -0 and -inf to 0 and +inf to the float32 maximum', () => {
    expect(Array.from(cleanMap([Number.NaN, -1, -0, -Infinity, Infinity, 0.5]))).toEqual([0, 0, 0, 0, FLOAT32_MAX, 0.5]);
    expect(Object.is(cleanMap([-0])[0], 0)).toBe(true);
    expect(FLOAT32_MAX).toBe(Math.fround(FLOAT32_MAX));
  });
});

describe('numpyArgsort: numpy 1.24 introsort permutation', () => {
  it('reproduces numpy on an all-zero row of 1000 (ALGORITHMS.md §2.3: last three reversed = 999, 328, 341)', () => {
    const order = numpyArgsort(new Float64Array(1000));
    expect([order[999], order[998], order[997]]).toEqual([999, 328, 341]);
  });
  it('is a permutation that sorts ascending (NaN last), for arrays with many ties', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(Number.NaN)), { maxLength: 300 }), (vals) => {
        const order = numpyArgsort(vals);
        expect([...order].sort((a, b) => a - b)).toEqual(vals.map((_, i) => i));
        for (let i = 1; i < order.length; i++) {
          const a = vals[order[i - 1]!]!;
          const b = vals[order[i]!]!;
          if (Number.isNaN(a)) expect(Number.isNaN(b)).toBe(true);
          else if (!Number.isNaN(b)) expect(a).toBeLessThanOrEqual(b);
        }
      }),
      { numRuns: 200 },
    );
  });
  it('numpyHeapsort (the depth-limit fallback) sorts a sub-range in place and leaves the rest alone', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 100 }), fc.nat(), (vals, s) => {
        const lo = s % vals.length;
        const n = vals.length - lo;
        const t = Int32Array.from(vals.map((_, i) => i));
        numpyHeapsort(vals, t, lo, n);
        for (let i = 0; i < lo; i++) expect(t[i]).toBe(i);
        expect([...t.subarray(lo)].sort((a, b) => a - b)).toEqual(vals.map((_, i) => i).slice(lo));
        for (let i = lo + 1; i < vals.length; i++) expect(vals[t[i - 1]!]!).toBeLessThanOrEqual(vals[t[i]!]!);
      }),
    );
  });
});

describe('selectTop: the two tie orders', () => {
  it("'value-then-index' is descending value, then ascending flat index", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 200 }), fc.nat(), (vals, s) => {
        const k = s % (vals.length + 1);
        const expected = vals
          .map((v, i) => [v, i] as const)
          .sort((a, b) => b[0] - a[0] || a[1] - b[1])
          .slice(0, k)
          .map((p) => p[1]);
        expect(Array.from(selectTop(vals, k))).toEqual(expected);
      }),
    );
  });
  it("'numpy' is argsort reversed, first K", () => {
    const vals = [3, 1, 3, 0, 2, 3, 1];
    const order = numpyArgsort(vals);
    expect(Array.from(selectTop(vals, 3, 'numpy'))).toEqual([order[6], order[5], order[4]]);
    expect(new Set(selectTop(vals, 3, 'numpy'))).toEqual(new Set([0, 2, 5]));
  });
  it('rejects an unknown tie order', () => {
    expect(() => selectTop([1, 2], 1, 'stable' as never)).toThrow(/unknown tieOrder "stable"/);
  });
  it('ALGORITHMS.md §3.3: two 7x7 one-corner maps upsampled to 224x224 agree 0.00% (numpy) vs 8.13% (value, index)', () => {
    const corner = (r: number, c: number): Float32Array =>
      tf.tidy(() => {
        const a = new Float32Array(49);
        a[r * 7 + c] = 1;
        return tf.image.resizeBilinear(tf.tensor4d(a, [1, 7, 7, 1]), [224, 224], false, true).dataSync() as Float32Array;
      });
    const a = corner(0, 0);
    const b = corner(6, 6);
    expect(a.filter((v) => v > 0).length).toBe(2304);
    const agree = (order: 'numpy' | 'value-then-index'): string => agreementPercent(topKIndices(a, 5, order), topKIndices(b, 5, order)).toFixed(2);
    expect(agree('numpy')).toBe('0.00');
    expect(agree('value-then-index')).toBe('8.13');
  });
});

describe('agreementPercent and transposeFlat', () => {
  it('divides by |P1| first, then multiplies by 100', () => {
    expect(agreementPercent([1, 2, 3], [3, 2, 9])).toBe((2 / 3) * 100);
    expect(agreementPercent([5], [5])).toBe(100);
  });
  it('mirrors (row, col) to (col, row): (1,6) → (6,1) as in ALGORITHMS.md §4.3', () => {
    expect(Array.from(transposeFlat([1 * 7 + 6, 2 * 7 + 6], 7, 7))).toEqual([6 * 7 + 1, 6 * 7 + 2]);
    expect(() => transposeFlat([0], 4, 5)).toThrow(/square/);
  });
});
