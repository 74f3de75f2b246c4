import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { countLeaks, describeContrastSelector, describeMetric, describeModelAdapter, describeSaliencyMethod, maxAbsDiff } from '../../src/testing/index.js';
import { useCpu } from '../helpers/backend.js';
import { meanSaliency, nextLogit, tinyGradCam } from '../helpers/fixture-plugins.js';
import { linearAdapter } from '../helpers/linear-adapter.js';

// The kit runs on core's own tiny plugins, so a change to the kit is exercised here before plugin packages see it.
beforeAll(useCpu);

const adapter = linearAdapter();
const input = () => tf.randomUniform([2, 6, 6, 3], 0, 1, 'float32', 5) as tf.Tensor4D;

describeSaliencyMethod(tinyGradCam, {
  fixture: async () => ({ adapter, split: adapter.split('conv'), input: input(), targets: [1, 3] }),
  badOptions: [{ eps: 0 }, { eps: 'x' }],
});
describeMetric(meanSaliency, {
  input: async () => ({ adapter, input: input(), targets: [0, 1], maps: tf.randomUniform([2, 6, 6], 0, 1, 'float32', 2) as tf.Tensor3D }),
  badOptions: [{ scale: -2 }],
});
describeContrastSelector(nextLogit, { logits: () => tf.tensor2d([[0, 5, 1, 2, 3], [9, 8, 7, 6, 5]]), targets: [1, 4], k: 2, numClasses: 5 });
describeModelAdapter({ name: 'linear test model', adapter: async () => adapter, layers: ['conv'], input });

describe('kit primitives', () => {
  it('countLeaks sees a leaked tensor', async () => {
    expect(await countLeaks(() => tf.zeros([2]))).toBe(1);
    expect(await countLeaks(() => tf.zeros([2]), (t) => t.dispose())).toBe(0);
  });
  it('maxAbsDiff is NaN-aware', () => {
    expect(maxAbsDiff([1, 2], [1, 2.5])).toBe(0.5);
    expect(maxAbsDiff([1, Number.NaN], [1, 2])).toBeNaN();
  });
});
