import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDenseNet201 } from '../../src/builders/densenet201.js';
import { consumers, layerNames, outputShapeOf, paramCounts, randomImages, runShapes, useCpu, weightSignature } from '../support.js';

// Keras `tf.keras.applications.DenseNet201()` summary: Total 20,242,984, Trainable 20,013,928,
// Non-trainable 229,056.
const KERAS_TOTAL = 20_242_984;
const KERAS_TRAINABLE = 20_013_928;

/** Keras 2's layer names, enumerated from keras/applications/densenet.py (DenseNet, dense_block, ...). */
function kerasNames(): string[] {
  const names = ['input_1', 'zero_padding2d', 'conv1/conv', 'conv1/bn', 'conv1/relu', 'zero_padding2d_1', 'pool1'];
  [6, 12, 48, 32].forEach((blocks, i) => {
    for (let b = 1; b <= blocks; b++) {
      names.push(...['0_bn', '0_relu', '1_conv', '1_bn', '1_relu', '2_conv', 'concat'].map((s) => `conv${i + 2}_block${b}_${s}`));
    }
    if (i < 3) names.push(...['bn', 'relu', 'conv', 'pool'].map((s) => `pool${i + 2}_${s}`));
  });
  return [...names, 'bn', 'relu', 'avg_pool', 'predictions'].sort();
}

describe('buildDenseNet201', () => {
  let fullSignature: Map<string, string>;
  beforeAll(useCpu);
  afterAll(() => expect(tf.memory().numTensors).toBe(0));

  it('has Keras DenseNet201\'s parameter counts, layer names and shapes at 224×224 (built without random fill)', () => {
    const model = buildDenseNet201({ weights: 'zeros' });
    try {
      expect(paramCounts(model)).toEqual({ total: KERAS_TOTAL, trainable: KERAS_TRAINABLE });
      expect(layerNames(model)).toEqual(kerasNames());
      expect(model.name).toBe('densenet201');
      expect(outputShapeOf(model, 'conv1/conv')).toEqual([null, 112, 112, 64]);
      expect(outputShapeOf(model, 'pool1')).toEqual([null, 56, 56, 64]);
      // denseblock4.denselayer32.conv2: 32×7×7, 3×3 conv before concatenation (ALGORITHMS.md §6.1)
      expect(outputShapeOf(model, 'conv5_block32_2_conv')).toEqual([null, 7, 7, 32]);
      expect(consumers(model, 'conv5_block32_2_conv')).toEqual(['Concatenate']);
      expect(outputShapeOf(model, 'conv5_block32_concat')).toEqual([null, 7, 7, 1920]);
      // features.norm5: 1920×7×7 BatchNorm, before the final ReLU
      expect(model.getLayer('bn').getClassName()).toBe('BatchNormalization');
      expect(outputShapeOf(model, 'bn')).toEqual([null, 7, 7, 1920]);
      expect(consumers(model, 'bn')).toEqual(['Activation']);
      expect(model.outputShape).toEqual([null, 1000]);
      fullSignature = weightSignature(model);
      expect(fullSignature.get('conv1/conv/kernel')).toBe('7x7x3x64');
    } finally {
      model.dispose();
    }
  });

  it('runs at 32×32 with few classes', () => {
    const model = buildDenseNet201({ inputShape: [32, 32, 3], classes: 6, seed: 2 });
    const x = randomImages(2, 32, 32);
    try {
      const r = runShapes(model, ['conv1/relu', 'conv5_block32_2_conv', 'bn'], x);
      expect(r.taps).toEqual([[2, 16, 16, 64], [2, 1, 1, 32], [2, 1, 1, 1920]]);
      expect(r.output).toEqual([2, 6]);
      expect(r.finite).toBe(true);
      const small = weightSignature(model);
      for (const [name, shape] of fullSignature) {
        if (!name.startsWith('predictions/')) expect(small.get(name), name).toBe(shape);
      }
      expect(small.size).toBe(fullSignature.size);
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});
