import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry, type SaliencyMethod } from '@saliency/core';
import { describeSaliencyMethod, testDeps } from '@saliency/core/testing';
import { gradCamPlusPlus } from '../../src/methods/grad-cam-plus-plus.js';
import { plugin } from '../../src/plugin.js';
import { conformanceFixture, useBackend } from '../helpers/fixture-models.js';
import { describeOracleCases } from '../helpers/oracle-suite.js';
import { toySplit, type ToySpec } from '@saliency/core/testing';

describeSaliencyMethod(gradCamPlusPlus, { fixture: conformanceFixture(), badOptions: [{ eps: 0 }, { eps: -1 }, { eps: 'small' }] });

async function create(options: Record<string, unknown>): Promise<SaliencyMethod> {
  const registry = new PluginRegistry();
  registry.register(plugin);
  return registry.create('saliency-method', ['cam/grad-cam-plus-plus', options], testDeps());
}

describe('grad-cam-plus-plus closed form (toy split: G_k = W[k][t]/(h·w) everywhere)', () => {
  beforeAll(() => useBackend('cpu'));
  // Channel 2 has a zero gradient for class 0 (α must be 0 there, not 0/eps), channel 1 is constant.
  const spec: ToySpec = {
    scale: [1, 0, -2],
    offset: [0.5, 3, 1],
    W: [[2, 1], [-1.5, 0.5], [0, 1]],
    bias: [0, 0],
  };
  const H = 3;
  const W = 4;
  const x = Array.from({ length: H * W }, (_, p) => ((p * 7) % 5) / 4);
  for (const eps of [1e-6, 0.5]) {
    it(`w_k = Σ_ij relu(G)·G²/(2G² + S_k·G³ + eps) with eps = ${eps}`, async () => {
      const split = toySplit(spec, [H, W]);
      const input = tf.tensor4d(x, [1, H, W, 1]);
      const ex = await (await create({ eps })).explain({ split, input, targets: [0], intermediates: true });
      const expected = spec.W.map((row, k) => {
        const g = row[0]! / (H * W);
        if (g === 0) return 0;
        const S = x.reduce((s, v) => s + v * spec.scale[k]! + spec.offset[k]!, 0);
        return H * W * Math.max(g, 0) * ((g * g) / (2 * g * g + S * g * g * g + eps));
      });
      const got = Array.from(await ex.weights!.data());
      got.forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 6));
      expect(got[2]).toBe(0);
      expect(got[1]).toBe(0); // negative gradient: relu(G) = 0
      tf.dispose([input, ex.maps, ex.raw!, ex.weights!]);
    });
  }
});

describeOracleCases({ plugin, fixtureMethod: 'gradcampp', pluginId: 'cam/grad-cam-plus-plus', weights: 'relative-to-max' });
