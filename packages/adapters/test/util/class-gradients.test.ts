import * as tf from '@tensorflow/tfjs-core';
import { isSaliencyError } from '@saliency/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeBody } from '@saliency/core';
import { autodiffClassGradients, checkClasses, createLayersModelAdapter, oneHotRows, repeatRows, selectBackend, type LayersModelSplit } from '../../src/index.js';
import { relDiff, values } from '../helpers/compare.js';
import { buildDagModel } from '../helpers/models.js';
import { buildResidualModel } from '../helpers/separable-models.js';
import { seededImages } from '../helpers/seeded.js';

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

  it('repeatRows is exact for every float value (multiply by ones: -0, ±Infinity and NaN survive)', async () => {
    const t = tf.tensor2d([[-0, Infinity], [NaN, -Infinity]]);
    const r = await repeatRows(t, 2).data();
    expect(Array.from(r)).toEqual([-0, Infinity, -0, Infinity, NaN, -Infinity, NaN, -Infinity]);
    expect(Object.is(r[0], -0)).toBe(true);
    t.dispose();
  });

  it('K classes in one batched pass equal K single-class passes, on every gradient path', async () => {
    const classes = [[2, 7, 0], [5, 5, 9]];
    for (const [model, layer] of [[buildDagModel(), 'dw'], [buildResidualModel(), 'bn'], [buildResidualModel(), 'out']] as const) {
      const adapter = createLayersModelAdapter(model);
      const split = adapter.split(layer) as LayersModelSplit;
      const x = seededImages([2, 16, 16, 3], 4);
      const body = split.body(x);
      const batched = split.classGradients(body, classes);
      const [, , h, w, c] = batched.gradients.shape as number[];
      for (let k = 0; k < 3; k++) {
        const single = split.classGradients(body, classes.map((row) => [row[k]!]));
        const slot = tf.slice(batched.gradients, [0, k, 0, 0, 0], [2, 1, h!, w!, c!]);
        expect(relDiff(await values(slot), await values(single.gradients)), `${split.gradientMethod} class slot ${k}`).toBeLessThan(1e-6);
        expect(relDiff(await values(batched.logits), await values(single.logits))).toBeLessThan(1e-6);
        tf.dispose([slot, single.gradients, single.logits]);
      }
      tf.dispose([x, batched.gradients, batched.logits]);
      disposeBody(body);
      adapter.dispose();
    }
  });
});
