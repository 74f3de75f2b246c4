import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry, type SaliencyMethod } from '@saliency/core';
import { describeSaliencyMethod, testDeps } from '@saliency/core/testing';
import { gradCam } from '../../src/methods/grad-cam.js';
import { plugin } from '../../src/plugin.js';
import { conformanceFixture, useBackend } from '../helpers/fixture-models.js';
import { describeOracleCases } from '../helpers/oracle-suite.js';

const fixture = conformanceFixture();

describeSaliencyMethod(gradCam, { fixture });

describe('grad-cam on a batch', () => {
  beforeAll(() => useBackend('cpu'));
  it('explains 4 images in one call exactly as 4 single-image calls', async () => {
    const fx = await fixture();
    const registry = new PluginRegistry();
    registry.register(plugin);
    const m: SaliencyMethod = await registry.create('saliency-method', 'cam/grad-cam', testDeps(fx.adapter));
    const all = await m.explain({ split: fx.split, input: fx.input, targets: fx.targets });
    const allData = await all.maps.data();
    for (let b = 0; b < 4; b++) {
      const one = tf.slice(fx.input, [b, 0, 0, 0], [1, -1, -1, -1]);
      const ex = await m.explain({ split: fx.split, input: one, targets: [fx.targets[b]!] });
      const d = await ex.maps.data();
      const part = allData.slice(b * d.length, (b + 1) * d.length);
      let max = 0;
      d.forEach((v, i) => (max = Math.max(max, Math.abs(v - part[i]!))));
      expect(max).toBeLessThan(1e-6);
      tf.dispose([one, ex.maps]);
    }
    all.maps.dispose();
  });
});

describeOracleCases({ plugin, fixtureMethod: 'gradcam', pluginId: 'cam/grad-cam', weights: 'relative-to-max' });
