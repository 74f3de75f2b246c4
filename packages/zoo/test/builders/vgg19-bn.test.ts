import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VGG19_BN_TORCH_CLASSIFIER, VGG19_BN_TORCH_FEATURES, buildVGG19BN } from '../../src/builders/vgg19-bn.js';
import { consumers, outputShapeOf, paramCounts, randomImages, runShapes, useCpu, weightSignature } from '../support.js';

// torchvision `vgg19_bn`: 143,678,248 parameters (BN running stats are buffers, not counted).
const TORCHVISION_PARAMS = 143_678_248;
// torchvision cfg "E"; 'M' is a max pool. Written out here, independently of the builder.
const CFG_E = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512, 512, 'M', 512, 512, 512, 512, 'M'] as const;
const BN_CHANNELS = CFG_E.reduce<number>((a, v) => (v === 'M' ? a : a + v), 0); // 5504
/** Class of each torchvision features[i] module (make_layers(cfg, batch_norm=True)), as tfjs layer classes. */
const TORCH_FEATURE_CLASSES = CFG_E.flatMap((v) => (v === 'M' ? ['MaxPooling2D'] : ['Conv2D', 'BatchNormalization', 'Activation']));

describe('buildVGG19BN', () => {
  let fullSignature: Map<string, string>;
  beforeAll(useCpu);
  afterAll(() => expect(tf.memory().numTensors).toBe(0));

  it('has torchvision vgg19_bn\'s trainable parameter count (+ BN moving statistics) at 224×224', () => {
    const model = buildVGG19BN({ weights: 'zeros' });
    try {
      expect(BN_CHANNELS).toBe(5504);
      expect(paramCounts(model)).toEqual({ total: TORCHVISION_PARAMS + 2 * BN_CHANNELS, trainable: TORCHVISION_PARAMS });
      expect(model.name).toBe('vgg19_bn');
      // one layer per torchvision module, with the module's kind, in torchvision's order
      expect(TORCH_FEATURE_CLASSES).toHaveLength(53);
      expect(VGG19_BN_TORCH_FEATURES).toHaveLength(53);
      expect(VGG19_BN_TORCH_FEATURES.map((n) => model.getLayer(n).getClassName())).toEqual(TORCH_FEATURE_CLASSES);
      expect(VGG19_BN_TORCH_CLASSIFIER.map((n) => model.getLayer(n).getClassName())).toEqual(
        ['Dense', 'Activation', 'Dropout', 'Dense', 'Activation', 'Dropout', 'Dense'],
      );
      expect(new Set([...VGG19_BN_TORCH_FEATURES, ...VGG19_BN_TORCH_CLASSIFIER, 'input_1', 'flatten'])).toEqual(
        new Set(model.layers.map((l) => l.name)),
      );
      // features[49]: 512×14×14, last 3×3 conv before BN and ReLU; features[-1] = features[52]: 512×7×7 pool
      expect(VGG19_BN_TORCH_FEATURES[49]).toBe('block5_conv4');
      expect(outputShapeOf(model, 'block5_conv4')).toEqual([null, 14, 14, 512]);
      expect(consumers(model, 'block5_conv4')).toEqual(['BatchNormalization']);
      expect(VGG19_BN_TORCH_FEATURES[52]).toBe('block5_pool');
      expect(outputShapeOf(model, 'block5_pool')).toEqual([null, 7, 7, 512]);
      expect(model.outputShape).toEqual([null, 1000]);
      const bn = model.getLayer('block1_bn1').getConfig() as { epsilon: number; momentum: number };
      expect(bn).toMatchObject({ epsilon: 1e-5, momentum: 0.9 });
      fullSignature = weightSignature(model);
    } finally {
      model.dispose();
    }
  });

  it('runs at 32×32 with few classes', () => {
    const model = buildVGG19BN({ inputShape: [32, 32, 3], classes: 3, seed: 5 });
    const x = randomImages(2, 32, 32);
    try {
      const r = runShapes(model, ['block5_conv4', 'block5_pool'], x);
      expect(r.taps).toEqual([[2, 2, 2, 512], [2, 1, 1, 512]]);
      expect(r.output).toEqual([2, 3]);
      expect(r.finite).toBe(true);
      const small = weightSignature(model);
      expect(small.get('fc1/kernel')).toBe('512x4096');
      for (const [name, shape] of fullSignature) {
        if (name !== 'fc1/kernel' && !name.startsWith('predictions/')) expect(small.get(name), name).toBe(shape);
      }
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});
