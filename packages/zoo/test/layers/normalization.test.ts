import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Normalization } from '../../src/layers/normalization.js';
import { registerZooLayers } from '../../src/layers/register.js';
import { useCpu } from '../support.js';

describe('Normalization (Keras, fixed mean/variance)', () => {
  beforeAll(useCpu);
  afterAll(() => expect(tf.memory().numTensors).toBe(0));

  it('computes (x − mean) / sqrt(variance) per channel with no weights; ConvNeXt\'s ImageNet constants map 0–255 RGB', () => {
    const input = tfl.input({ shape: [1, 2, 3] });
    const mean = [0.485 * 255, 0.456 * 255, 0.406 * 255];
    const variance = [(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2];
    const layer = new Normalization({ name: 'norm', mean, variance });
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    try {
      expect(model.countParams()).toBe(0);
      const pixels = [0, 0, 0, 255, 128, 64];
      const got = tf.tidy(() => Array.from((model.predict(tf.tensor4d(pixels, [1, 1, 2, 3])) as tf.Tensor).dataSync()));
      // torchvision-style: (p/255 − m) / s with m, s the ImageNet mean and std
      const m = [0.485, 0.456, 0.406];
      const s = [0.229, 0.224, 0.225];
      const want = pixels.map((p, i) => (p / 255 - m[i % 3]) / s[i % 3]);
      got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 5));
    } finally {
      model.dispose();
    }
  });

  it('floors the standard deviation at 1e-7 like Keras, serialises and reloads', async () => {
    registerZooLayers();
    const input = tfl.input({ shape: [2] });
    const layer = new Normalization({ name: 'n0', mean: [1, 0], variance: [0, 4] });
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const reloaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
    try {
      expect(layer.getConfig()).toMatchObject({ axis: -1, mean: [1, 0], variance: [0, 4] });
      expect(reloaded.getLayer('n0')).toBeInstanceOf(Normalization);
      tf.tidy(() => {
        const y = Array.from((reloaded.predict(tf.tensor2d([[1.5, 6]])) as tf.Tensor).dataSync());
        expect(y[0]).toBeCloseTo(0.5 / 1e-7, -2);
        expect(y[1]).toBeCloseTo(3, 6);
      });
    } finally {
      model.dispose();
      reloaded.dispose();
    }
  });

  it('rejects mismatched lengths, negative variance, other axes and channel counts', () => {
    expect(() => new Normalization({ mean: [0], variance: [1, 1] })).toThrow(/same length/);
    expect(() => new Normalization({ mean: [0], variance: [-1] })).toThrow(/variance/);
    expect(() => new Normalization({ mean: [0], variance: [1], axis: 1 })).toThrow(/axis/);
    expect(() => new Normalization({ mean: [0, 0], variance: [1, 1] }).apply(tfl.input({ shape: [3] }))).toThrow(/3 channels/);
  });
});
