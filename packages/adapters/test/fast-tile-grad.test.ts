import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, withFastTileGradient } from '../src/index.js';
import { relDiff, values } from './helpers/compare.js';
import { mulberry32, uniform } from './helpers/seeded.js';

const t = (shape: number[], seed: number): tf.Tensor => tf.tensor(uniform(mulberry32(seed), shape.reduce((a, b) => a * b, 1), -1, 1), shape);

const CASES: readonly [shape: number[], reps: number[]][] = [
  [[8, 7, 7, 1], [1, 1, 1, 24]], // LayerNormalization's tiled mean/variance
  [[1, 1, 1, 5], [2, 3, 4, 1]],
  [[3, 2], [2, 3]],
  [[4], [5]],
  [[2, 3, 1, 2, 1], [1, 2, 3, 1, 2]],
  [[2, 2], [1, 1]],
];

/** d/dx of Σ tile(x, reps) · w, through whichever Tile gradient is registered. */
function grad(shape: number[], reps: number[], seed: number): tf.Tensor {
  const x = t(shape, seed);
  const w = t(shape.map((d, i) => d * reps[i]!), seed + 1);
  return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.tile(a, reps), w)))(x);
}

/** The same in plain JS: every element of w adds to the x element it was tiled from. */
async function reference(shape: number[], reps: number[], seed: number): Promise<Float64Array> {
  const outShape = shape.map((d, i) => d * reps[i]!);
  const w = await values(t(outShape, seed + 1));
  const out = new Float64Array(shape.reduce((a, b) => a * b, 1));
  const idx = outShape.map(() => 0);
  for (let n = 0; n < w.length; n++) {
    out[shape.reduce((at, d, i) => at * d + (idx[i]! % d), 0)]! += w[n]!;
    for (let d = outShape.length - 1; d >= 0 && ++idx[d]! === outShape[d]; d--) idx[d] = 0;
  }
  return out;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`the one-reduction Tile gradient on ${backend}`, () => {
    beforeAll(async () => {
      await selectBackend(backend);
    });

    it("equals TF.js's slice-per-repetition gradient (ranks ≤ 4, all it has) and a plain-JS sum", async () => {
      for (const [i, [shape, reps]] of CASES.entries()) {
        const fast = withFastTileGradient(() => grad(shape, reps, i));
        expect(fast.shape).toEqual(shape);
        expect(relDiff(await values(fast), await reference(shape, reps, i)), `[${shape}] × [${reps}]`).toBeLessThan(1e-6);
        if (shape.length <= 4) {
          const slow = grad(shape, reps, i);
          expect(relDiff(await values(fast), await values(slow)), `[${shape}] × [${reps}]`).toBeLessThan(1e-6);
          slow.dispose();
        } else expect(() => grad(shape, reps, i)).toThrow(/rank-5/);
        fast.dispose();
      }
    });

    it('is in force only inside the scope (nested scopes too), and the old gradient comes back after a throw', () => {
      const before = tf.getGradient('Tile');
      withFastTileGradient(() => {
        const inside = tf.getGradient('Tile');
        expect(inside).not.toBe(before);
        withFastTileGradient(() => expect(tf.getGradient('Tile')).toBe(inside));
      });
      expect(tf.getGradient('Tile')).toBe(before);
      expect(() => withFastTileGradient(() => {
        throw new Error('boom');
      })).toThrow('boom');
      expect(tf.getGradient('Tile')).toBe(before);
    });
  });
}
