import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as zoo from '../src/index.js';

describe('@saliency/zoo barrel', () => {
  it('exports the builders, the paper layers, the Keras helpers and the custom layers', () => {
    expect(Object.keys(zoo.ZOO_BUILDERS).sort()).toEqual(['convnext_large', 'convnext_tiny', 'densenet201', 'resnet50', 'vgg19', 'vgg19_bn']);
    expect(zoo.ZOO_BUILDERS.resnet50).toBe(zoo.buildResNet50);
    expect(zoo.ZOO_BUILDERS.vgg19_bn).toBe(zoo.buildVGG19BN);
    for (const fn of [zoo.buildVGG19, zoo.buildDenseNet201, zoo.buildConvNeXtTiny, zoo.buildConvNeXtLarge, zoo.loadKerasWeights, zoo.keras3LayerName, zoo.paperLayer, zoo.registerZooLayers]) {
      expect(typeof fn).toBe('function');
    }
    expect(zoo.PAPER_LAYERS.length).toBeGreaterThan(0);
  });

  it('registers LayerScale and Normalization for deserialisation on import', () => {
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    expect(map.LayerScale?.[0]).toBe(zoo.LayerScale);
    expect(map.Normalization?.[0]).toBe(zoo.Normalization);
  });
});
