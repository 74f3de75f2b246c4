import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResNet50 } from '../src/builders/resnet50.js';
import { WeightInit, resolveOptions } from '../src/options.js';
import { useCpu } from './support.js';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('resolveOptions', () => {
  it('defaults to 224×224×3, 1000 classes, linear logits, random weights', () => {
    const o = resolveOptions('b', {});
    expect(o).toMatchObject({ inputShape: [224, 224, 3], classes: 1000, classifierActivation: 'linear' });
    expect(o.init.mode).toBe('random');
  });

  it('names the builder and the option in errors', () => {
    expect(() => resolveOptions('buildX', { inputShape: [16, 64, 3] })).toThrow(/^buildX: inputShape .* >= 32 \(got \[16, 64, 3\]\)/);
    expect(() => resolveOptions('buildX', { inputShape: [32.5, 64, 3] })).toThrow(/inputShape/);
    expect(() => resolveOptions('buildX', { classes: 2.5 })).toThrow(/buildX: classes/);
    expect(() => resolveOptions('buildX', { classifierActivation: 'relu' as 'linear' })).toThrow(/classifierActivation/);
    expect(() => resolveOptions('buildX', { weights: 'imagenet' as 'random' })).toThrow(/weights must be/);
    expect(() => resolveOptions('buildX', { seed: Number.NaN })).toThrow(/seed/);
  });
});

describe('WeightInit and seeds', () => {
  beforeAll(useCpu);
  afterAll(() => expect(tf.memory().numTensors).toBe(0));

  it('numbers seeded kernels: the same sequence for the same seed, distinct kernels within a build and across seeds', () => {
    tf.tidy(() => {
      const a = new WeightInit('random', 42);
      const b = new WeightInit('random', 42);
      const a1 = values(a.kernel().apply([4, 4]));
      const a2 = values(a.kernel().apply([4, 4]));
      expect(values(b.kernel().apply([4, 4]))).toEqual(a1);
      expect(values(b.kernel().apply([4, 4]))).toEqual(a2);
      expect(a2).not.toEqual(a1);
      expect(values(new WeightInit('random', 43).kernel().apply([4, 4]))).not.toEqual(a1);
      // Glorot uniform: limit sqrt(6 / (fanIn + fanOut)) = sqrt(6/8)
      a1.forEach((v) => expect(Math.abs(v)).toBeLessThanOrEqual(Math.sqrt(6 / 8)));
      expect(values(new WeightInit('zeros', 42).kernel().apply([2, 2]))).toEqual([0, 0, 0, 0]);
    });
  });

  it('two builds with one seed are identical, and their kernels differ from layer to layer', () => {
    const a = buildResNet50({ inputShape: [32, 32, 3], classes: 2, seed: 5 });
    const b = buildResNet50({ inputShape: [32, 32, 3], classes: 2, seed: 5 });
    try {
      const diff = (x: tf.Tensor, y: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]);
      a.weights.forEach((w, i) => expect(diff(w.read(), b.weights[i].read()), w.originalName).toBe(0));
      // same shape, different layers: not the same draw
      const k1 = a.getLayer('conv2_block2_1_conv').getWeights()[0];
      const k2 = a.getLayer('conv2_block3_1_conv').getWeights()[0];
      expect(k1.shape).toEqual(k2.shape);
      expect(diff(k1, k2)).toBeGreaterThan(0);
    } finally {
      [a, b].forEach((m) => m.dispose());
    }
  });
});
