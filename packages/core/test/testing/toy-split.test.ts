import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's op gradients are a side-effect module that the real adapters pull in through tfjs-layers.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { toySplit, type ToySpec } from '../../src/testing/toy-split.js';

const spec: ToySpec = { scale: [1, -2, 0.5], offset: [0, 1, -1], W: [[1, 0], [-1, 2], [0.5, 0.25]], bias: [0.1, -0.2] };

describe('toySplit (closed-form test split of the conformance kit)', () => {
  it('body, head and classGradients follow the documented formulas, computed here by hand', async () => {
    await tf.setBackend('cpu');
    const split = toySplit(spec, [2, 2]);
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const before = tf.memory().numTensors;
    const body = split.body(x);
    // A[.., k] = x·scale[k] + offset[k]; channel means over the 2×2 map of x (mean 2.5).
    const means = spec.scale.map((s, k) => 2.5 * s + spec.offset[k]!);
    const logits = [0, 1].map((c) => means.reduce((acc, m, k) => acc + m * spec.W[k]![c]!, spec.bias[c]!));
    const g = split.classGradients(body, [[1, 0]]);
    expect(Array.from(g.logits.dataSync())).toEqual(logits.map((v) => Math.fround(v)));
    expect(g.gradients.shape).toEqual([1, 2, 2, 2, 3]);
    const grads = g.gradients.arraySync() as number[][][][][];
    for (const [k, cls] of [1, 0].entries()) for (const row of grads[0]![k]!) for (const px of row) expect(px).toEqual(spec.W.map((w) => Math.fround(w[cls]! / 4)));
    // …and equal autodiff of the head, where gradients are registered.
    const auto = tf.grad((a: tf.Tensor) => tf.sum(tf.slice(split.head(a as tf.Tensor4D, []), [0, 1], [1, 1])))(body.activation);
    const first = tf.slice(g.gradients, [0, 0], [1, 1]);
    expect(Array.from(auto.dataSync())).toEqual(Array.from(first.dataSync()));
    expect(split.calls).toEqual({ body: 1, head: 1, classGradients: 1 });
    tf.dispose([first, auto, g.logits, g.gradients, body.activation]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
