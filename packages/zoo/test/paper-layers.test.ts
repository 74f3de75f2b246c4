import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZOO_BUILDERS, type ZooArchitecture } from '../src/architectures.js';
import { PAPER_LAYERS, paperLayer } from '../src/paper-layers.js';
import { consumers, outputShapeOf, useCpu } from './support.js';

/**
 * ALGORITHMS.md §6.1 (and §5.1 for VGG's features[-1]), transcribed: torchvision output shape c×h×w, the kind of
 * layer, and what consumes it (or, for the pool, what feeds it). The two entries not in the paper are checked
 * against the same position in their model.
 */
const SPEC: Record<string, { chw: [number, number, number]; cls: string; next?: string; prev?: string }> = {
  resnet50: { chw: [2048, 7, 7], cls: 'Conv2D', next: 'BatchNormalization' }, // 1×1 conv before bn3
  vgg19_bn: { chw: [512, 14, 14], cls: 'Conv2D', next: 'BatchNormalization' }, // last 3×3 conv before BN, ReLU
  'vgg19_bn/features[-1]': { chw: [512, 7, 7], cls: 'MaxPooling2D', prev: 'Activation' }, // final MaxPool after ReLU
  densenet201: { chw: [32, 7, 7], cls: 'Conv2D', next: 'Concatenate' }, // 3×3 conv (128→32) before concatenation
  'densenet201/norm5': { chw: [1920, 7, 7], cls: 'BatchNormalization', next: 'Activation' }, // before final ReLU
  convnext_large: { chw: [1536, 7, 7], cls: 'DepthwiseConv2D', next: 'LayerNormalization' }, // dwconv before LN
  vgg19: { chw: [512, 14, 14], cls: 'Conv2D', next: 'MaxPooling2D' }, // Keras VGG19: ReLU fused into the conv
  convnext_tiny: { chw: [768, 7, 7], cls: 'DepthwiseConv2D', next: 'LayerNormalization' },
};

describe('PAPER_LAYERS', () => {
  const models = new Map<ZooArchitecture, tfl.LayersModel>();
  const model = (arch: ZooArchitecture): tfl.LayersModel => {
    if (!models.has(arch)) models.set(arch, ZOO_BUILDERS[arch]({ weights: 'zeros' }));
    return models.get(arch)!;
  };
  beforeAll(useCpu);
  afterAll(() => {
    models.forEach((m) => m.dispose());
    expect(tf.memory().numTensors).toBe(0);
  });

  it('covers every layer of ALGORITHMS.md §6.1 and §5.1 once', () => {
    expect(PAPER_LAYERS.map((p) => p.id).sort()).toEqual(Object.keys(SPEC).sort());
    expect(PAPER_LAYERS.filter((p) => p.inPaper).map((p) => p.torchvision).sort()).toEqual([
      'convnext_large: features[7][2].block[0]',
      'densenet201: features.denseblock4.denselayer32.conv2',
      'densenet201: features.norm5',
      'resnet50: layer4[2].conv3',
      'vgg19_bn: features[-1] (= features[52])',
      'vgg19_bn: features[49]',
    ]);
    for (const p of PAPER_LAYERS) expect(p.reason.length, p.id).toBeGreaterThan(20);
  });

  for (const [id, spec] of Object.entries(SPEC)) {
    it(`${id}: the named layer exists in the 224×224 model with the paper's shape and position`, () => {
      const p = paperLayer(id);
      const m = model(p.architecture);
      const [c, h, w] = spec.chw;
      expect(p.outputShape).toEqual([h, w, c]);
      expect(outputShapeOf(m, p.layer)).toEqual([null, h, w, c]);
      const layer = m.getLayer(p.layer);
      expect(layer.getClassName()).toBe(spec.cls);
      if (spec.next !== undefined) expect(consumers(m, p.layer)).toEqual([spec.next]);
      if (spec.prev !== undefined) {
        expect(layer.inboundNodes[0].inboundLayers.map((l) => l.getClassName())).toEqual([spec.prev]);
      }
    });
  }

  it('paperLayer throws for an unknown id and lists the known ones', () => {
    expect(() => paperLayer('alexnet')).toThrow(/unknown id 'alexnet' \(known: resnet50, /);
  });
});
