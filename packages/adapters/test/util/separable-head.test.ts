import * as tf from '@tensorflow/tfjs-core';
import { disposeBody, type ModelAdapter } from '@saliency/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLayersModelAdapter, selectBackend, type LayersModelSplit } from '../../src/index.js';
import { relDiff, values } from '../helpers/compare.js';
import { buildConcatModel, buildInseparableModels, buildResidualModel } from '../helpers/separable-models.js';
import { mulberry32, seededImages } from '../helpers/seeded.js';

const input = (): tf.Tensor4D => seededImages([2, 16, 16, 3], 5);
const method = (a: ModelAdapter, layer: string): string => (a.split(layer) as LayersModelSplit).gradientMethod;

/** Slow reference: logit `classes[b]` of one head pass per ablated copy (channel k of image b set to fills[b][k]). */
async function ablatedByHeadPasses(split: LayersModelSplit, x: tf.Tensor4D, fills: number[][], classes: number[]): Promise<number[]> {
  const body = split.body(x);
  const [b, h, w, c] = body.activation.shape;
  const out: number[] = [];
  for (let i = 0; i < b; i++) {
    for (let k = 0; k < c; k++) {
      const logit = tf.tidy(() => {
        const a = tf.slice(body.activation, [i], [1]);
        const mask = tf.cast(tf.tile(tf.reshape(tf.oneHot([k], c), [1, 1, 1, c]), [1, h, w, 1]), 'bool');
        const ablated = tf.where(mask, tf.fill([1, h, w, c], fills[i]![k]!), a) as tf.Tensor4D;
        return tf.slice(split.head(ablated, body.crossing.map((t) => tf.slice(t, [i], [1]))), [0, classes[i]!], [1, 1]);
      });
      out.push((await logit.data())[0]!);
      logit.dispose();
    }
  }
  disposeBody(body);
  return out;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`separable heads (per-channel layers → global pooling → linear Dense) on ${backend}`, () => {
    let residual: ModelAdapter;
    let concat: ModelAdapter;
    beforeAll(async () => {
      await selectBackend(backend);
      residual = createLayersModelAdapter(buildResidualModel());
      concat = createLayersModelAdapter(buildConcatModel());
    });

    it('recognises them through skip inputs, concatenation and dropout, and nothing that mixes channels', () => {
      expect(['c2', 'bn', 'add'].map((l) => method(residual, l))).toEqual(['separable', 'separable', 'separable']);
      expect(method(residual, 'out')).toBe('closed-form');
      expect(method(residual, 'c1')).toBe('autodiff');
      expect(method(concat, 'b')).toBe('separable');
      expect(method(concat, 'a')).toBe('autodiff');
      for (const l of ['c2', 'bn', 'add', 'out']) expect(residual.split(l).ablatedLogits, l).toBeTypeOf('function');
      expect(residual.split('c1').ablatedLogits).toBeUndefined();
      for (const [name, model] of Object.entries(buildInseparableModels())) {
        const a = createLayersModelAdapter(model);
        expect(method(a, 'x'), name).toBe('autodiff');
        expect(a.split('x').ablatedLogits, name).toBeUndefined();
        a.dispose();
      }
    });

    it('class gradients of K classes from one backward pass equal autodiff over the head repeated K times', async () => {
      const cases: [() => ReturnType<typeof buildResidualModel>, ModelAdapter, string[], number[][]][] = [
        [buildResidualModel, residual, ['c2', 'bn', 'add'], [[0, 3, 9], [5, 5, 1]]],
        [buildConcatModel, concat, ['b'], [[6, 0, 2], [1, 4, 3]]],
      ];
      for (const [build, fast, layers, classes] of cases) {
        const slow = createLayersModelAdapter(build(), { forceAutodiff: true });
        for (const layer of layers) {
          expect(method(slow, layer)).toBe('autodiff');
          const x = input();
          const body = fast.split(layer).body(x);
          const a = fast.split(layer).classGradients(body, classes);
          const b = slow.split(layer).classGradients(body, classes);
          expect(a.gradients.shape).toEqual(b.gradients.shape);
          expect(relDiff(await values(a.gradients), await values(b.gradients)), layer).toBeLessThan(1e-6);
          expect(relDiff(await values(a.logits), await values(b.logits)), layer).toBeLessThan(1e-6);
          tf.dispose([x, a.gradients, a.logits, b.gradients, b.logits]);
          disposeBody(body);
        }
        slow.dispose();
      }
    });

    it('ablatedLogits equals one head pass per ablated channel, for zero, huge negative and positive fills', async () => {
      const rand = mulberry32(3);
      for (const [adapter, layer, classes] of [[residual, 'c2', [4, 9]], [residual, 'bn', [0, 2]], [residual, 'out', [7, 7]], [concat, 'b', [1, 6]]] as const) {
        const split = adapter.split(layer) as LayersModelSplit;
        const c = split.activationShape[2];
        const fills = [0, 1].map(() => Array.from({ length: c }, (_, k) => [0, -1e7 * (k + 1), 2 * rand() - 0.5][k % 3]!));
        const x = input();
        const body = split.body(x);
        const fillsT = tf.tensor2d(fills);
        const fast = split.ablatedLogits!(body, fillsT, [...classes]);
        expect(fast.shape).toEqual([2, c]);
        const slow = await ablatedByHeadPasses(split, x, fills, [...classes]);
        expect(relDiff(await values(fast), slow), layer).toBeLessThan(1e-5);
        tf.dispose([x, fillsT, fast]);
        disposeBody(body);
      }
    });
  });
}
