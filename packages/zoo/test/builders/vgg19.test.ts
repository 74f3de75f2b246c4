import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVGG19 } from '../../src/builders/vgg19.js';
import { layerNames, outputShapeOf, paramCounts, randomImages, runShapes, useCpu, weightSignature } from '../support.js';

// Keras `tf.keras.applications.VGG19()` summary: Total 143,667,240, all trainable.
const KERAS_TOTAL = 143_667_240;

function kerasNames(): string[] {
  const names = ['input_1'];
  [2, 2, 4, 4, 4].forEach((convs, b) => {
    for (let i = 1; i <= convs; i++) names.push(`block${b + 1}_conv${i}`);
    names.push(`block${b + 1}_pool`);
  });
  return [...names, 'flatten', 'fc1', 'fc2', 'predictions'].sort();
}

describe('buildVGG19', () => {
  let fullSignature: Map<string, string>;
  beforeAll(useCpu);
  afterAll(() => expect(tf.memory().numTensors).toBe(0));

  it('has Keras VGG19\'s parameter count, layer names and shapes at 224×224 (built without random fill)', () => {
    const model = buildVGG19({ weights: 'zeros' });
    try {
      expect(paramCounts(model)).toEqual({ total: KERAS_TOTAL, trainable: KERAS_TOTAL });
      expect(layerNames(model)).toEqual(kerasNames());
      expect(model.name).toBe('vgg19');
      expect(outputShapeOf(model, 'block5_conv4')).toEqual([null, 14, 14, 512]);
      expect(outputShapeOf(model, 'block5_pool')).toEqual([null, 7, 7, 512]);
      expect(outputShapeOf(model, 'flatten')).toEqual([null, 25088]);
      expect(outputShapeOf(model, 'fc2')).toEqual([null, 4096]);
      expect(model.outputShape).toEqual([null, 1000]);
      expect((model.getLayer('block5_conv4').getConfig() as { activation: string }).activation).toBe('relu');
      fullSignature = weightSignature(model);
    } finally {
      model.dispose();
    }
  });

  it('runs at 32×32 with few classes; only fc1 (flatten size) and predictions differ from the full build', () => {
    const model = buildVGG19({ inputShape: [32, 32, 3], classes: 3, seed: 11 });
    const x = randomImages(1, 32, 32);
    try {
      const r = runShapes(model, ['block5_conv4', 'block5_pool', 'fc2'], x);
      expect(r.taps).toEqual([[1, 2, 2, 512], [1, 1, 1, 512], [1, 4096]]);
      expect(r.output).toEqual([1, 3]);
      expect(r.finite).toBe(true);
      const small = weightSignature(model);
      expect(fullSignature.get('fc1/kernel')).toBe('25088x4096');
      expect(small.get('fc1/kernel')).toBe('512x4096');
      for (const [name, shape] of fullSignature) {
        if (name !== 'fc1/kernel' && !name.startsWith('predictions/')) expect(small.get(name), name).toBe(shape);
      }
      expect(small.size).toBe(fullSignature.size);
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});
