import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConvNeXtLarge } from '../../src/builders/convnext-large.js';
import { consumers, layerNames, outputShapeOf, paramCounts, randomImages, runShapes, useCpu } from '../support.js';
import { kerasConvNeXtNames } from './convnext-names.js';

// Keras `ConvNeXtLarge()` (include_top=True, 1000 classes): 197,767,336 parameters, all trainable; torchvision
// `convnext_large` reports the same number.
const KERAS_TOTAL = 197_767_336;

describe('buildConvNeXtLarge', () => {
  beforeAll(useCpu);
  afterAll(() => expect(tf.memory().numTensors).toBe(0));

  it('has Keras ConvNeXtLarge\'s parameter count, layer names and shapes at 224×224 (built without random fill)', () => {
    const model = buildConvNeXtLarge({ weights: 'zeros' });
    try {
      expect(paramCounts(model)).toEqual({ total: KERAS_TOTAL, trainable: KERAS_TOTAL });
      expect(layerNames(model)).toEqual(kerasConvNeXtNames('convnext_large', [3, 3, 27, 3]).top);
      expect(model.name).toBe('convnext_large');
      expect(outputShapeOf(model, 'convnext_large_stem')).toEqual([null, 56, 56, 192]);
      // torchvision features[7][2].block[0]: 1536×7×7 depthwise conv of the last block, before LayerNorm
      expect(model.getLayer('convnext_large_stage_3_block_2_depthwise_conv').getClassName()).toBe('DepthwiseConv2D');
      expect(outputShapeOf(model, 'convnext_large_stage_3_block_2_depthwise_conv')).toEqual([null, 7, 7, 1536]);
      expect(consumers(model, 'convnext_large_stage_3_block_2_depthwise_conv')).toEqual(['LayerNormalization']);
      expect(model.outputShape).toEqual([null, 1000]);
    } finally {
      model.dispose();
    }
  });

  it('runs at 32×32 with few classes (zero kernels: the random fill of 198M weights is ConvNeXt-Tiny\'s code path, tested there)', () => {
    const model = buildConvNeXtLarge({ inputShape: [32, 32, 3], classes: 2, weights: 'zeros' });
    const x = randomImages(1, 32, 32);
    try {
      const r = runShapes(model, ['convnext_large_downsampling_block_0', 'convnext_large_stage_3_block_2_depthwise_conv'], x);
      expect(r.taps).toEqual([[1, 4, 4, 384], [1, 1, 1, 1536]]);
      expect(r.output).toEqual([1, 2]);
      expect(r.finite).toBe(true);
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});
