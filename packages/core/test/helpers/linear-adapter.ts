import * as tf from '@tensorflow/tfjs-core';
import type { BodyOutput, ModelAdapter, ModelSplit } from '../../src/index.js';
import { SaliencyError } from '../../src/index.js';

/**
 * A tiny but real model for core's own tests, written with tfjs-core only: body A = relu(x·K) (a 1×1 conv),
 * head logits = mean_hw(A)·W + b. Gradients come from tf.grad, so the split contract is exercised for real.
 */
export function linearAdapter(opts: { h?: number; w?: number; channels?: number; classes?: number; seed?: number } = {}): ModelAdapter {
  const { h = 6, w = 6, channels = 4, classes = 5, seed = 7 } = opts;
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const K = tf.tensor2d(Array.from({ length: 3 * channels }, rand), [3, channels]);
  const W = tf.tensor2d(Array.from({ length: channels * classes }, rand), [channels, classes]);
  const bias = tf.tensor1d(Array.from({ length: classes }, rand));
  const head = (a: tf.Tensor4D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(tf.mean(a, [1, 2]) as tf.Tensor2D, W), bias));
  const split: ModelSplit = {
    layer: 'conv',
    activationShape: [h, w, channels],
    crossingNames: [],
    body: (x) => ({ activation: tf.tidy(() => tf.relu(tf.reshape(tf.matMul(tf.reshape(x, [-1, 3]), K), [x.shape[0], h, w, channels]))) as tf.Tensor4D, crossing: [] }),
    head: (a) => head(a),
    classGradients: (body: BodyOutput, classes: readonly (readonly number[])[]) => {
      const k = classes[0]!.length;
      const logits = head(body.activation);
      const gradients = tf.tidy(() => {
        const rows = classes.flatMap((cs, b) => cs.map((c) => ({ b, c })));
        const tiled = tf.gather(body.activation, rows.map((r) => r.b));
        const onehot = tf.oneHot(rows.map((r) => r.c), logits.shape[1]);
        const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(head(a as tf.Tensor4D), onehot)))(tiled);
        return tf.reshape(g, [classes.length, k, h, w, channels]);
      });
      return { logits, gradients };
    },
  };
  return {
    meta: { id: 'linear', format: 'layers-model', inputShape: [h, w, 3], numClasses: classes, outputActivation: 'linear' },
    layers: () => [{ name: 'conv', className: 'Conv2D', outputShape: [null, h, w, channels], spatial: true, inbound: ['input'] }],
    predict: (x) => tf.tidy(() => {
      const b = split.body(x);
      return head(b.activation);
    }),
    split: (layer) => {
      if (layer !== 'conv') throw new SaliencyError('SALIENCY_UNKNOWN_LAYER', `no layer "${layer}"; nearest: conv`);
      return split;
    },
    suggestedLayers: () => ['conv'],
    dispose: () => tf.dispose([K, W, bias]),
  };
}
