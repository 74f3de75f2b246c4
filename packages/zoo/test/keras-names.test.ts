import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { keras3LayerName } from '../src/keras-names.js';
import { useCpu } from './support.js';

describe('layer names with a slash (Keras 2 DenseNet)', () => {
  beforeAll(useCpu);

  it('tfjs-layers accepts `conv1/conv` as a layer name, through save and reload', async () => {
    const input = tfl.input({ shape: [4, 4, 3] });
    const conv = tfl.layers.conv2d({ name: 'conv1/conv', filters: 2, kernelSize: 1, useBias: false });
    const model = tfl.model({ inputs: input, outputs: conv.apply(input) as tfl.SymbolicTensor });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const reloaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
    try {
      expect(artifacts!.weightSpecs!.map((s) => s.name)).toEqual(['conv1/conv/kernel']);
      expect(reloaded.getLayer('conv1/conv').weights.map((w) => w.originalName)).toEqual(['conv1/conv/kernel']);
    } finally {
      model.dispose();
      reloaded.dispose();
    }
    expect(tf.memory().numTensors).toBe(0);
  });
});

describe('keras3LayerName', () => {
  it('maps Keras 2 DenseNet stem names to Keras 3\'s and leaves slash-free names alone', () => {
    expect(keras3LayerName('conv1/conv')).toBe('conv1_conv');
    expect(keras3LayerName('conv1/bn')).toBe('conv1_bn');
    expect(keras3LayerName('conv1/relu')).toBe('conv1_relu');
    expect(keras3LayerName('conv5_block32_2_conv')).toBe('conv5_block32_2_conv');
    expect(keras3LayerName('convnext_large_stage_3_block_2_depthwise_conv')).toBe('convnext_large_stage_3_block_2_depthwise_conv');
  });
});
