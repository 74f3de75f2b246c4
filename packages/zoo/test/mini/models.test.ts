import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { MINI_MODELS, miniModel, miniModelDir } from '../../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const PARAMS: Record<string, number> = { vgg_mini: 76_760, resnet_mini: 152_968, densenet_mini: 56_960, convnext_mini: 102_504 };

describe('mini models', () => {
  for (const spec of MINI_MODELS) {
    it(`${spec.id}: [B,32,32,3] → [B,8] linear logits, named target layers with the documented shapes`, () => {
      const model = spec.build({ seed: 1 });
      expect(model.inputs[0]!.shape).toEqual([null, 32, 32, 3]);
      expect(model.outputs[0]!.shape).toEqual([null, 8]);
      const last = model.getLayer('predictions');
      expect((last.getConfig() as { activation: string }).activation).toBe('linear');
      expect(model.countParams()).toBe(PARAMS[spec.id]);
      for (const t of spec.targetLayers) expect(model.getLayer(t.layer).outputShape).toEqual([null, ...t.outputShape]);
      const y = tf.tidy(() => (model.predict(tf.zeros([2, 32, 32, 3])) as tf.Tensor).shape);
      expect(y).toEqual([2, 8]);
      model.dispose();
    });
  }

  it('the family traits: VGG plain, ResNet adds + BatchNorm, DenseNet concatenates into a final BN, ConvNeXt depthwise 7×7 + LayerNorm + GELU', () => {
    const classes = (id: string) => {
      const m = miniModel(id).build({ seed: 1 });
      const names = m.layers.map((l) => l.getClassName());
      m.dispose();
      return names;
    };
    const vgg = classes('vgg_mini');
    expect(vgg).not.toContain('Add');
    expect(vgg).not.toContain('BatchNormalization');
    expect(vgg.filter((c) => c === 'MaxPooling2D')).toHaveLength(2);
    expect(classes('resnet_mini')).toEqual(expect.arrayContaining(['Add', 'BatchNormalization']));
    const dense = miniModel('densenet_mini').build({ seed: 1 });
    const inbound = (name: string) => (dense.getLayer(name) as unknown as { inboundNodes: { inboundLayers: { name: string }[] }[] }).inboundNodes[0]!.inboundLayers.map((l) => l.name);
    expect(inbound('bn')).toEqual(['conv3_block4_concat']);
    expect(inbound('conv3_block4_concat')).toEqual(['conv3_block3_concat', 'conv3_block4_2_conv']);
    dense.dispose();
    const cnx = miniModel('convnext_mini').build({ seed: 1 });
    expect((cnx.getLayer('convnext_mini_stage_1_block_1_depthwise_conv').getConfig() as { kernelSize: number[] }).kernelSize).toEqual([7, 7]);
    expect(cnx.getLayer('convnext_mini_stage_1_block_1_layernorm').getClassName()).toBe('LayerNormalization');
    expect((cnx.getLayer('convnext_mini_stage_1_block_1_gelu').getConfig() as { activation: string }).activation).toBe('gelu');
    expect(cnx.getLayer('convnext_mini_stage_1_block_1_layer_scale').getClassName()).toBe('LayerScale');
    cnx.dispose();
  });

  it('same seed, same initial weights; another seed, other weights', () => {
    for (const spec of MINI_MODELS) {
      const [a, b, c] = [1, 1, 2].map((seed) => spec.build({ seed }));
      const wa = a!.getWeights().map((w) => w.dataSync());
      expect(b!.getWeights().map((w) => w.dataSync())).toEqual(wa);
      expect(c!.getWeights()[0]!.dataSync()).not.toEqual(wa[0]);
      for (const m of [a, b, c]) m!.dispose();
    }
  });

  it('options are checked and the shipped folder is named by id', () => {
    expect(() => miniModel('vgg_mini').build({ inputShape: [30, 30, 3] })).toThrow(/divisible by 4/);
    expect(() => miniModel('vgg_mini').build({ classes: 1 })).toThrow(/classes/);
    expect(() => miniModel('alexnet')).toThrow(/unknown mini model 'alexnet'/);
    expect(miniModelDir('resnet_mini').pathname).toMatch(/packages\/zoo\/models\/resnet_mini\/$/);
  });
});
