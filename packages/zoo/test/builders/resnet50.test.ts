import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResNet50 } from '../../src/builders/resnet50.js';
import { consumers, layerNames, outputShapeOf, paramCounts, randomImages, runShapes, useCpu, weightSignature } from '../support.js';

// Keras `tf.keras.applications.ResNet50()` summary: Total 25,636,712, Trainable 25,583,592, Non-trainable 53,120.
const KERAS_TOTAL = 25_636_712;
const KERAS_TRAINABLE = 25_583_592;

/** Keras's layer names, enumerated from keras/applications/resnet.py (ResNet, stack1, block1). */
function kerasNames(): string[] {
  const names = ['input_1', 'conv1_pad', 'conv1_conv', 'conv1_bn', 'conv1_relu', 'pool1_pad', 'pool1_pool'];
  for (const [stage, blocks] of [[2, 3], [3, 4], [4, 6], [5, 3]]) {
    for (let b = 1; b <= blocks; b++) {
      const p = `conv${stage}_block${b}`;
      if (b === 1) names.push(`${p}_0_conv`, `${p}_0_bn`);
      names.push(...['1_conv', '1_bn', '1_relu', '2_conv', '2_bn', '2_relu', '3_conv', '3_bn', 'add', 'out'].map((s) => `${p}_${s}`));
    }
  }
  return [...names, 'avg_pool', 'predictions'].sort();
}

describe('buildResNet50', () => {
  let fullSignature: Map<string, string>;
  beforeAll(useCpu);
  afterAll(() => expect(tf.memory().numTensors).toBe(0));

  it('has Keras ResNet50\'s parameter counts, layer names and shapes at 224×224 (built without random fill)', () => {
    const model = buildResNet50({ weights: 'zeros' });
    try {
      expect(paramCounts(model)).toEqual({ total: KERAS_TOTAL, trainable: KERAS_TRAINABLE });
      expect(layerNames(model)).toEqual(kerasNames());
      expect(model.name).toBe('resnet50');
      expect(model.outputShape).toEqual([null, 1000]);
      expect(outputShapeOf(model, 'pool1_pool')).toEqual([null, 56, 56, 64]);
      expect(outputShapeOf(model, 'conv4_block6_out')).toEqual([null, 14, 14, 1024]);
      // torchvision layer4[2].conv3: 2048×7×7, 1×1 conv output before bn3 (ALGORITHMS.md §6.1)
      expect(outputShapeOf(model, 'conv5_block3_3_conv')).toEqual([null, 7, 7, 2048]);
      expect(consumers(model, 'conv5_block3_3_conv')).toEqual(['BatchNormalization']);
      expect(model.getLayer('conv5_block3_3_conv').getClassName()).toBe('Conv2D');
      fullSignature = weightSignature(model);
    } finally {
      model.dispose();
    }
  });

  it('runs at 32×32 with few classes: output and stage shapes, same weights as the full-size build', () => {
    const model = buildResNet50({ inputShape: [32, 32, 3], classes: 5, seed: 7 });
    const x = randomImages(2, 32, 32);
    try {
      const r = runShapes(model, ['pool1_pool', 'conv5_block3_3_conv', 'conv5_block3_out'], x);
      expect(r.taps).toEqual([[2, 8, 8, 64], [2, 1, 1, 2048], [2, 1, 1, 2048]]);
      expect(r.output).toEqual([2, 5]);
      expect(r.finite).toBe(true);
      const small = weightSignature(model);
      // Only the classifier depends on `classes`; everything else, input size included, is the same.
      expect(small.get('predictions/kernel')).toBe('2048x5');
      for (const [name, shape] of fullSignature) {
        if (!name.startsWith('predictions/')) expect(small.get(name), name).toBe(shape);
      }
      expect(small.size).toBe(fullSignature.size);
    } finally {
      x.dispose();
      model.dispose();
    }
  });

  it('softmax head gives probabilities; linear (default) gives logits', () => {
    const soft = buildResNet50({ inputShape: [32, 32, 3], classes: 4, seed: 3, classifierActivation: 'softmax' });
    const x = randomImages(2, 32, 32, 5);
    try {
      const sums = tf.tidy(() => Array.from(tf.sum(soft.predict(x) as tf.Tensor, 1).dataSync()));
      sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
      expect((soft.getLayer('predictions').getConfig() as { activation: string }).activation).toBe('softmax');
    } finally {
      x.dispose();
      soft.dispose();
    }
  });

  it('rejects inputs smaller than 32×32 or without 3 channels, and bad classes', () => {
    expect(() => buildResNet50({ inputShape: [31, 32, 3] })).toThrow(/buildResNet50: inputShape/);
    expect(() => buildResNet50({ inputShape: [32, 32, 1] as unknown as [number, number, 3] })).toThrow(/inputShape/);
    expect(() => buildResNet50({ classes: 0 })).toThrow(/classes/);
  });
});
