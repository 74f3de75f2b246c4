import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LayerScale } from '../../src/layers/layer-scale.js';
import { registerZooLayers } from '../../src/layers/register.js';
import { useCpu } from '../support.js';

async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
}

describe('LayerScale', () => {
  beforeAll(useCpu);
  afterAll(() => expect(tf.memory().numTensors).toBe(0));

  it('multiplies each channel by its gamma, initialised to initValues', () => {
    const input = tfl.input({ shape: [2, 2, 3] });
    const layer = new LayerScale({ name: 'ls', initValues: 0.5, projectionDim: 3 });
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    try {
      expect(layer.weights.map((w) => [w.originalName, w.shape, w.trainable])).toEqual([['ls/gamma', [3], true]]);
      expect(model.countParams()).toBe(3);
      tf.tidy(() => {
        layer.setWeights([tf.tensor1d([1, 2, -3])]);
        const x = tf.tensor4d([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4], [1, 2, 2, 3]);
        expect(Array.from((model.predict(x) as tf.Tensor).dataSync())).toEqual([1, 2, -3, 2, 4, -6, 3, 6, -9, 4, 8, -12]);
        layer.setWeights([tf.fill([3], 0.5)]);
        expect(Array.from((model.predict(x) as tf.Tensor).dataSync())).toEqual([0.5, 0.5, 0.5, 1, 1, 1, 1.5, 1.5, 1.5, 2, 2, 2]);
      });
      const fresh = new LayerScale({ initValues: 1e-6, projectionDim: 4 });
      fresh.apply(tfl.input({ shape: [4] }));
      expect(Array.from(fresh.getWeights()[0].dataSync())).toEqual(Array(4).fill(Math.fround(1e-6)));
      fresh.dispose();
    } finally {
      model.dispose();
    }
  });

  it('serialises as Keras does (class LayerScale, initValues, projectionDim) and reloads', async () => {
    registerZooLayers();
    const input = tfl.input({ shape: [3] });
    const layer = new LayerScale({ name: 'scale', initValues: 0.25, projectionDim: 3 });
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    const reloaded = await roundTrip(model);
    try {
      expect(layer.getClassName()).toBe('LayerScale');
      expect(layer.getConfig()).toMatchObject({ name: 'scale', initValues: 0.25, projectionDim: 3, trainable: true });
      const again = reloaded.getLayer('scale');
      expect(again).toBeInstanceOf(LayerScale);
      expect(again.getConfig()).toMatchObject({ initValues: 0.25, projectionDim: 3 });
      tf.tidy(() => {
        const x = tf.tensor2d([[4, 8, -12]]);
        expect(Array.from((reloaded.predict(x) as tf.Tensor).dataSync())).toEqual([1, 2, -3]);
      });
    } finally {
      model.dispose();
      reloaded.dispose();
    }
  });

  it('rejects a channel count other than projectionDim and a bad projectionDim', () => {
    const input = tfl.input({ shape: [5] });
    expect(() => new LayerScale({ initValues: 1, projectionDim: 4 }).apply(input)).toThrow(/5 channels, projectionDim is 4/);
    expect(() => new LayerScale({ initValues: 1, projectionDim: 0 })).toThrow(/projectionDim/);
  });
});
