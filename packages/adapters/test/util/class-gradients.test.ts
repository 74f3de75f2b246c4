import * as tf from '@tensorflow/tfjs-core';
import { isSaliencyError } from '@saliency/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { autodiffClassGradients, checkClasses, oneHotRows, repeatRows, selectBackend } from '../../src/index.js';

describe('class-gradient helpers', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('repeatRows repeats each image K times, consecutively', async () => {
    const t = tf.tensor2d([[1, 2], [3, 4]]);
    const r = repeatRows(t, 3);
    expect(await r.array()).toEqual([[1, 2], [1, 2], [1, 2], [3, 4], [3, 4], [3, 4]]);
    tf.dispose([t, r]);
  });

  it('oneHotRows puts row b*K+k on classes[b][k]', async () => {
    const h = oneHotRows([[2, 0], [1, 1]], 2, 3);
    expect(await h.array()).toEqual([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 1, 0]]);
    h.dispose();
  });

  it('checkClasses rejects wrong counts, ragged lists and out-of-range classes', () => {
    expect(checkClasses([[1, 2], [0, 9]], 2, 10)).toBe(2);
    for (const bad of [[[1]], [[1], [2, 3]], [[1], [10]], [[1], [-1]], [[1], [1.5]], [[], []]]) {
      expect(() => checkClasses(bad, 2, 10)).toThrow(expect.objectContaining({ code: 'SALIENCY_INVALID_TARGET' }));
    }
  });

  it('autodiff gradients of a known head: logits = sum over pixels of A·W, so dlogit_c/dA = W[:, c] everywhere', async () => {
    // Head: logits[b, n] = sum_{i,j,c} A[b,i,j,c] * W[c,n] + crossing[b, n]; independent of A's value.
    const w = tf.tensor2d([[1, -2, 0.5], [3, 0, -1]]); // C = 2, N = 3
    const head = (a: tf.Tensor4D, cross: readonly tf.Tensor[]) => tf.add(tf.matMul(tf.sum(a, [1, 2]) as tf.Tensor2D, w), cross[0]!) as tf.Tensor2D;
    const activation = tf.randomUniform([2, 3, 4, 2]) as tf.Tensor4D;
    const crossing = [tf.tensor2d([[10, 20, 30], [40, 50, 60]])];
    const { logits, gradients } = autodiffClassGradients(head, { activation, crossing }, [[0, 2], [1, 0]], 3);
    expect(gradients.shape).toEqual([2, 2, 3, 4, 2]);
    const g = (await gradients.array()) as number[][][][][];
    expect(g[0]![0]![2]![3]).toEqual([1, 3]);
    expect(g[0]![1]![0]![0]).toEqual([0.5, -1]);
    expect(g[1]![0]![1]![1]).toEqual([-2, 0]);
    const expected = (await tf.add(tf.matMul(tf.sum(activation, [1, 2]) as tf.Tensor2D, w), crossing[0]!).array()) as number[][];
    const got = (await logits.array()) as number[][];
    got.forEach((row, b) => row.forEach((v, n) => expect(v).toBeCloseTo(expected[b]![n]!, 4)));
    const err = (() => {
      try {
        autodiffClassGradients(head, { activation, crossing }, [[0]], 3);
      } catch (e) {
        return e;
      }
    })();
    expect(isSaliencyError(err, 'SALIENCY_INVALID_TARGET')).toBe(true);
    tf.dispose([w, activation, ...crossing, logits, gradients]);
  });
});
