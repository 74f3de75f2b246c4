import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConvNeXtTiny } from '../src/builders/convnext-tiny.js';
import { buildDenseNet201 } from '../src/builders/densenet201.js';
import { loadKerasWeights } from '../src/keras-weights.js';
import { useCpu } from './support.js';

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('loadKerasWeights', () => {
  beforeAll(useCpu);
  afterAll(() => expect(tf.memory().numTensors).toBe(0));

  it('loads a ConvNeXt exported with Keras 2 HDF5 names (nested prefixes, :0, grouped-conv kernels, unnamed LayerScale)', () => {
    const source = buildConvNeXtTiny({ inputShape: [32, 32, 3], classes: 3, seed: 1 });
    const target = buildConvNeXtTiny({ inputShape: [32, 32, 3], classes: 3, seed: 2 });
    const exported: tf.NamedTensorMap = {};
    try {
      for (const layer of source.layers) {
        const nested = 'layers' in layer ? (layer as tfl.LayersModel).layers : [layer];
        const prefix = nested[0] === layer ? '' : `${layer.name}/`;
        for (const inner of nested) {
          for (const w of inner.weights) {
            const short = w.originalName.split('/').pop()!;
            let key = `${prefix}${inner.name}/${short}:0`;
            let value = w.read();
            if (short === 'depthwise_kernel') {
              // Keras: Conv2D(groups=C) kernel [7, 7, 1, C]
              const [kh, kw, c] = w.shape as number[];
              key = `${prefix}${inner.name}/kernel:0`;
              value = tf.reshape(value, [kh, kw, 1, c]);
            }
            if (inner.getClassName() === 'LayerScale') key = `${prefix}${inner.name}/variable:0`;
            exported[key] = short === 'depthwise_kernel' ? value : tf.clone(value);
          }
        }
      }
      expect(exported['convnext_tiny_stem/convnext_tiny_stem_conv/kernel:0'].shape).toEqual([4, 4, 3, 96]);
      expect(exported['convnext_tiny_stage_0_block_0_depthwise_conv/kernel:0'].shape).toEqual([7, 7, 1, 96]);
      expect(maxAbsDiff(source.weights[0].read(), target.weights[0].read())).toBeGreaterThan(0);

      const report = loadKerasWeights(target, exported);
      expect(report).toEqual({ assigned: target.weights.length, missing: [], unused: [] });
      source.weights.forEach((w, i) => expect(maxAbsDiff(w.read(), target.weights[i].read()), w.originalName).toBe(0));
    } finally {
      tf.dispose(exported);
      source.dispose();
      target.dispose();
    }
  });

  it('accepts Keras 3 names for DenseNet\'s conv1/conv; strict mode refuses partial maps and writes nothing', () => {
    const model = buildDenseNet201({ inputShape: [32, 32, 3], classes: 2, weights: 'zeros' });
    const kernel = tf.fill([7, 7, 3, 64], 0.5);
    const gamma = tf.fill([64], 2);
    const weights = { 'conv1_conv/kernel': kernel, 'conv1/bn/gamma:0': gamma, 'not_a_layer/kernel': gamma };
    try {
      expect(() => loadKerasWeights(model, weights)).toThrow(/model weight\(s\) not given .*1 tensor\(s\) unused \(not_a_layer\/kernel\)/);
      expect(tf.tidy(() => tf.max(tf.abs(model.getLayer('conv1/conv').getWeights()[0])).dataSync()[0])).toBe(0);

      const report = loadKerasWeights(model, weights, { strict: false });
      expect(report.assigned).toBe(2);
      expect(report.unused).toEqual(['not_a_layer/kernel']);
      expect(report.missing).toHaveLength(model.weights.length - 2);
      expect(report.missing).toContain('conv1/bn/beta');
      expect(maxAbsDiff(model.getLayer('conv1/conv').getWeights()[0], kernel)).toBe(0);
      expect(maxAbsDiff(model.getLayer('conv1/bn').getWeights()[0], gamma)).toBe(0);
    } finally {
      tf.dispose([kernel, gamma]);
      model.dispose();
    }
  });

  it('rejects a wrong shape and two tensors for one weight, before writing anything', () => {
    const model = buildDenseNet201({ inputShape: [32, 32, 3], classes: 2, weights: 'zeros' });
    const good = tf.ones([64]);
    const bad = tf.ones([7, 7, 3, 32]);
    const three = tf.fill([64], 3);
    try {
      expect(() => loadKerasWeights(model, { 'conv1/bn/gamma': three, 'conv1/conv/kernel': bad }, { strict: false }))
        .toThrow(/'conv1\/conv\/kernel' has shape \[7, 7, 3, 32\], conv1\/conv\/kernel needs \[7, 7, 3, 64\]/);
      expect(maxAbsDiff(model.getLayer('conv1/bn').getWeights()[0], good)).toBe(0);
      expect(() => loadKerasWeights(model, { 'conv1/bn/gamma': good, 'conv1_bn/gamma:0': good }, { strict: false }))
        .toThrow(/both map to conv1\/bn\/gamma/);
    } finally {
      tf.dispose([good, bad, three]);
      model.dispose();
    }
  });

  it('gives a grouped-conv (Keras) kernel the same meaning in the depthwise layer', () => {
    const input = tfl.input({ shape: [5, 5, 2] });
    const dw = tfl.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, padding: 'same', useBias: false });
    const model = tfl.model({ inputs: input, outputs: dw.apply(input) as tfl.SymbolicTensor });
    const k = tf.randomNormal([3, 3, 1, 2], 0, 1, 'float32', 4); // Keras Conv2D(groups=2): in 1 per group, out 2
    const x = tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 5);
    try {
      loadKerasWeights(model, { 'dw/kernel': k });
      const got = model.predict(x) as tf.Tensor;
      // Grouped conv by hand: channel c convolved with k[..., 0, c] alone.
      const want = tf.tidy(() => tf.concat([0, 1].map((c) =>
        tf.conv2d(tf.slice(x, [0, 0, 0, c], [1, 5, 5, 1]) as tf.Tensor4D, tf.slice(k, [0, 0, 0, c], [3, 3, 1, 1]) as tf.Tensor4D, 1, 'same')), 3));
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
      tf.dispose([got, want]);
    } finally {
      tf.dispose([k, x]);
      model.dispose();
    }
  });
});
