import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry, type ModelSplit } from '@saliency/core';
import { testDeps } from '@saliency/core/testing';
import { plugin } from '../../src/plugin.js';
import { useBackend } from '../helpers/fixture-models.js';

const [H, W] = [112, 112];

/**
 * A model whose activation is tiny next to its input: body = 56×56 average pooling of the 112×112×3 image, then a
 * 1×1 projection to C channels (`[n, 2, 2, C]`), head = global mean then a projection to 3 logits. What grows with C
 * in Score-CAM is then what the method holds: unchunked, C masked 112×112×3 images (150 KB each) at once.
 */
function pooledSplit(channels: number): ModelSplit {
  const proj = tf.tidy(() => tf.randomUniform([3, channels], -1, 1, 'float32', channels));
  const cls = tf.tidy(() => tf.randomUniform([channels, 3], -1, 1, 'float32', 7));
  return {
    layer: 'pooled',
    activationShape: [2, 2, channels],
    crossingNames: [],
    body: (x) => ({
      activation: tf.tidy(() => {
        const p = tf.avgPool(x, 56, 56, 'valid');
        return tf.relu(tf.reshape(tf.matMul(tf.reshape(p, [-1, 3]), proj), [x.shape[0], 2, 2, channels])) as tf.Tensor4D;
      }),
      crossing: [],
    }),
    head: (a) => tf.tidy(() => tf.matMul(tf.mean(a, [1, 2]) as tf.Tensor2D, cls)),
    classGradients: () => {
      throw new Error('unused');
    },
  };
}

async function peakBytes(channels: number, batchSize: number | 'auto'): Promise<number> {
  const registry = new PluginRegistry();
  registry.register(plugin);
  const method = await registry.create('saliency-method', ['cam/score-cam', { batchSize }], testDeps());
  const input = tf.randomUniform([1, H, W, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const split = pooledSplit(channels);
  const info = await tf.profile(async () => {
    const e = await method.explain({ split, input, targets: [2] });
    e.maps.dispose();
    return [];
  });
  input.dispose();
  return info.peakBytes;
}

describe('Score-CAM memory is bounded by its chunk, not by the number of channels', () => {
  beforeAll(() => useBackend('wasm'));

  it("'auto' chunks (64 images of 112×112×3 here) keep the peak flat from 64 to 512 channels; one chunk of 512 does not", async () => {
    const image = H * W * 3 * 4;
    const auto64 = await peakBytes(64, 'auto');
    const auto512 = await peakBytes(512, 'auto');
    const whole512 = await peakBytes(512, 512);
    // 8× the channels: only the model's own [64, 2, 2, C] activations of a chunk grow (a few copies of 0.46 MB),
    // less than 16 masked images' worth, where holding the 448 extra masked images would take 67 MB.
    expect(auto512 - auto64).toBeLessThan(16 * image);
    // A chunk holds its masked images, the upsampled masks and their min-max steps: a few copies of 64 images.
    expect(auto512).toBeLessThan(4 * 64 * image);
    // Without chunking all of that exists for the 512 channels at once: about 8× the chunked peak.
    expect(whole512).toBeGreaterThan(6 * auto512);
  });
});
