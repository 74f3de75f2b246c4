import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { classSlot } from '../src/cam-pipeline.js';
import { BACKENDS, useBackend } from './helpers/fixture-models.js';

for (const backend of BACKENDS) {
  describe(`classSlot on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it('equals the rank-5 slice of the class slot, for one and for several classes', async () => {
      for (const k of [1, 3]) {
        const g = tf.randomNormal([2, k, 3, 4, 5], 0, 1, 'float32', k);
        for (let j = 0; j < k; j++) {
          const fast = classSlot(g, j);
          const slow = tf.reshape(tf.slice(g, [0, j, 0, 0, 0], [2, 1, 3, 4, 5]), [2, 3, 4, 5]);
          expect(fast.shape).toEqual([2, 3, 4, 5]);
          expect(Array.from(await fast.data())).toEqual(Array.from(await slow.data()));
          tf.dispose([fast, slow]);
        }
        g.dispose();
      }
    });
  });
}
