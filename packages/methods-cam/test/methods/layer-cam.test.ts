import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry } from '@saliency/core';
import { describeSaliencyMethod, testDeps } from '@saliency/core/testing';
import { layerCam } from '../../src/methods/layer-cam.js';
import { plugin } from '../../src/plugin.js';
import { conformanceFixture, useBackend } from '../helpers/fixture-models.js';
import { describeOracleCases } from '../helpers/oracle-suite.js';
import { toySplit, type ToySpec } from '@saliency/core/testing';

describeSaliencyMethod(layerCam, { fixture: conformanceFixture() });

describe('layer-cam closed form', () => {
  beforeAll(() => useBackend('cpu'));
  it('raw = Σ_k relu(G_k) ⊙ A_k, and no channel weights', async () => {
    const spec: ToySpec = { scale: [1, 2, -1], offset: [0, -1, 0.5], W: [[0.4, 1], [-2, 1], [1.2, 1]], bias: [0, 0] };
    const [H, W] = [2, 3];
    const x = [0, 0.2, 0.4, 0.6, 0.8, 1];
    const registry = new PluginRegistry();
    registry.register(plugin);
    const m = await registry.create('saliency-method', 'cam/layer-cam', testDeps());
    const input = tf.tensor4d(x, [1, H, W, 1]);
    const ex = await m.explain({ split: toySplit(spec, [H, W]), input, targets: [0], intermediates: true });
    expect(ex.weights).toBeUndefined();
    const raw = Array.from(await ex.raw!.data());
    x.forEach((v, p) => {
      const want = spec.W.reduce((s, row, k) => s + Math.max(row[0]! / (H * W), 0) * (v * spec.scale[k]! + spec.offset[k]!), 0);
      expect(raw[p]).toBeCloseTo(want, 6);
    });
    tf.dispose([input, ex.maps, ex.raw!]);
  });
});

describeOracleCases({ plugin, fixtureMethod: 'layercam', pluginId: 'cam/layer-cam', weights: 'none' });
