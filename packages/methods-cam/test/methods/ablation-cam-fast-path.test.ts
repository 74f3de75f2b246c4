import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLayersModelAdapter } from '@saliency/adapters';
import { PluginRegistry, type ModelAdapter, type ModelSplit } from '@saliency/core';
import { testDeps } from '@saliency/core/testing';
import { ablationFills, channelFills } from '../../src/methods/ablation-cam.js';
import { plugin } from '../../src/plugin.js';
import { BACKENDS, useBackend } from '../helpers/fixture-models.js';
import { buildResidualModel } from '../helpers/residual-model.js';

/** The split with a head-call counter, and optionally without the adapter's all-channels fast path. */
function counted(split: ModelSplit, fast: boolean): ModelSplit & { heads: number } {
  const out = { ...split, heads: 0 } as ModelSplit & { heads: number };
  out.head = (a, c) => (out.heads++, split.head(a, c));
  if (!fast) delete (out as { ablatedLogits?: unknown }).ablatedLogits;
  return out;
}

describe('Ablation-CAM channel fills', () => {
  it('restart the cascade every batchSize channels, the last batch taking its prefix', () => {
    const cascade = Array.from(ablationFills(-2, 4, 'pytorch-grad-cam'));
    const fills = channelFills([-2, 0], 10, 4, 'pytorch-grad-cam');
    expect(Array.from(fills.subarray(0, 10))).toEqual([...cascade, ...cascade, cascade[0], cascade[1]]);
    expect(Array.from(fills.subarray(10))).toEqual(Array(10).fill(0));
  });
});

for (const backend of BACKENDS) {
  describe(`Ablation-CAM through split.ablatedLogits equals batched head passes on ${backend}`, () => {
    let adapter: ModelAdapter;
    beforeAll(async () => {
      await useBackend(backend);
      adapter = createLayersModelAdapter(buildResidualModel());
    });

    it('same weights, maps and original scores for both fill modes and batch sizes, with one head pass instead of 1 + 2⌈10 / batch⌉', async () => {
      const split = adapter.split('c2');
      expect(split.ablatedLogits).toBeTypeOf('function');
      const registry = new PluginRegistry();
      registry.register(plugin);
      const input = tf.randomUniform([2, 12, 12, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
      for (const ablation of ['pytorch-grad-cam', 'zero']) {
        for (const batchSize of [4, 32]) {
          const method = await registry.create('saliency-method', ['cam/ablation-cam', { ablation, batchSize }], testDeps(adapter));
          const [fast, slow] = [counted(split, true), counted(split, false)];
          const a = await method.explain({ split: fast, input, targets: [1, 4], intermediates: true });
          const b = await method.explain({ split: slow, input, targets: [1, 4], intermediates: true });
          const [wa, wb] = [await a.weights!.data(), await b.weights!.data()];
          const scale = Math.max(...Array.from(wb, Math.abs));
          const diff = Math.max(...Array.from(wa, (v, i) => Math.abs(v - wb[i]!)));
          expect(diff / scale, `${ablation}, batch ${batchSize}`).toBeLessThan(1e-5);
          const [ma, mb] = [await a.maps.data(), await b.maps.data()];
          expect(Math.max(...Array.from(ma, (v, i) => Math.abs(v - mb[i]!)))).toBeLessThan(1e-4);
          expect(a.extras!.originalScore).toEqual(b.extras!.originalScore);
          // The clean logits; every ablated logit then comes from the one ablatedLogits call.
          expect(fast.heads).toBe(1);
          expect(slow.heads).toBe(1 + 2 * Math.ceil(10 / batchSize));
          tf.dispose([a.maps, a.raw!, a.weights!, b.maps, b.raw!, b.weights!]);
        }
      }
      input.dispose();
    });
  });
}
