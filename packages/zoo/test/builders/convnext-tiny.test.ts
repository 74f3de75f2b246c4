import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConvNeXtTiny } from '../../src/builders/convnext-tiny.js';
import { consumers, layerNames, outputShapeOf, paramCounts, randomImages, runShapes, useCpu, weightSignature } from '../support.js';
import { kerasConvNeXtNames } from './convnext-names.js';

// Keras `ConvNeXtTiny()` (include_top=True, 1000 classes): 28,589,128 parameters, all trainable; torchvision
// `convnext_tiny` reports the same number.
const KERAS_TOTAL = 28_589_128;

describe('buildConvNeXtTiny', () => {
  let fullSignature: Map<string, string>;
  beforeAll(useCpu);
  afterAll(() => expect(tf.memory().numTensors).toBe(0));

  it('has Keras ConvNeXtTiny\'s parameter count, layer names and shapes at 224×224 (built without random fill)', () => {
    const model = buildConvNeXtTiny({ weights: 'zeros' });
    try {
      expect(paramCounts(model)).toEqual({ total: KERAS_TOTAL, trainable: KERAS_TOTAL });
      const expected = kerasConvNeXtNames('convnext_tiny', [3, 3, 9, 3]);
      expect(layerNames(model)).toEqual(expected.top);
      for (const [outer, inner] of Object.entries(expected.nested)) {
        const seq = model.getLayer(outer) as tfl.LayersModel;
        expect(seq.getClassName(), outer).toBe('Sequential');
        expect(seq.layers.map((l) => l.name)).toEqual(inner);
      }
      expect(model.name).toBe('convnext_tiny');
      expect(outputShapeOf(model, 'convnext_tiny_stem')).toEqual([null, 56, 56, 96]);
      expect(outputShapeOf(model, 'convnext_tiny_stage_0_block_0_pointwise_conv_1')).toEqual([null, 56, 56, 384]);
      expect(outputShapeOf(model, 'convnext_tiny_downsampling_block_2')).toEqual([null, 7, 7, 768]);
      expect(outputShapeOf(model, 'convnext_tiny_stage_3_block_2_depthwise_conv')).toEqual([null, 7, 7, 768]);
      expect(consumers(model, 'convnext_tiny_stage_3_block_2_depthwise_conv')).toEqual(['LayerNormalization']);
      expect(model.getLayer('convnext_tiny_stage_3_block_2_gelu').getConfig()).toMatchObject({ activation: 'gelu' });
      expect(model.outputShape).toEqual([null, 1000]);
      fullSignature = weightSignature(model);
      expect(fullSignature.get('convnext_tiny_stage_0_block_0_layer_scale/gamma')).toBe('96');
      expect(fullSignature.get('convnext_tiny_stage_0_block_0_depthwise_conv/depthwise_kernel')).toBe('7x7x96x1');
    } finally {
      model.dispose();
    }
  });

  it('runs at 32×32 with few classes, and reloads from saved artifacts with the same output', async () => {
    const model = buildConvNeXtTiny({ inputShape: [32, 32, 3], classes: 4, seed: 9 });
    const x = randomImages(1, 32, 32);
    let reloaded: tfl.LayersModel | undefined;
    try {
      const r = runShapes(model, ['convnext_tiny_stem', 'convnext_tiny_stage_3_block_2_depthwise_conv', 'convnext_tiny_head_gap'], x);
      expect(r.taps).toEqual([[1, 8, 8, 96], [1, 1, 1, 768], [1, 768]]);
      expect(r.output).toEqual([1, 4]);
      expect(r.finite).toBe(true);
      const small = weightSignature(model);
      for (const [name, shape] of fullSignature) {
        if (!name.startsWith('convnext_tiny_head_dense/')) expect(small.get(name), name).toBe(shape);
      }

      let artifacts: tf.io.ModelArtifacts | undefined;
      await model.save(tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
      reloaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
      expect(reloaded.getLayer('convnext_tiny_stage_1_block_2_layer_scale').getClassName()).toBe('LayerScale');
      expect(reloaded.getLayer('convnext_tiny_prestem_normalization').getClassName()).toBe('Normalization');
      const again = tf.tidy(() => Array.from((reloaded!.predict(x) as tf.Tensor).dataSync()));
      expect(again).toEqual(Array.from(r.values));
    } finally {
      x.dispose();
      model.dispose();
      reloaded?.dispose();
    }
  });

  it('includePreprocessing: false drops the prestem normalization and nothing else', () => {
    const model = buildConvNeXtTiny({ inputShape: [32, 32, 3], weights: 'zeros', includePreprocessing: false });
    try {
      expect(layerNames(model)).toEqual(
        kerasConvNeXtNames('convnext_tiny', [3, 3, 9, 3]).top.filter((n) => n !== 'convnext_tiny_prestem_normalization'),
      );
      expect(model.countParams()).toBe(KERAS_TOTAL);
    } finally {
      model.dispose();
    }
  });
});
