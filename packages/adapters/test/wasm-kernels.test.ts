import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { disposeBody } from '@saliency/core';
import { describe, expect, it } from 'vitest';
import { WASM_FIXED_KERNELS, createLayersModelAdapter, selectBackend } from '../src/index.js';
import { relDiff, values } from './helpers/compare.js';
import { buildDagModel } from './helpers/models.js';
import { mulberry32, seededImages, uniform } from './helpers/seeded.js';

// Captured at import, before selectBackend('wasm') re-registers the fixes: the kernels as the wasm backend ships them.
const stock = new Map(WASM_FIXED_KERNELS.map((k) => [k, tf.getKernel(k, 'wasm')]));

type Case = readonly [name: string, run: () => tf.Tensor[]];
const t = (shape: number[], seed: number, lo = -1, hi = 1): tf.Tensor => tf.tensor(uniform(mulberry32(seed), shape.reduce((a, b) => a * b, 1), lo, hi), shape);

/** Each case exercises one fixed kernel (and its neighbours on the gradient path); run on cpu and on wasm. */
const CASES: readonly Case[] = [
  ['MaxPoolGrad, all windows negative, 2×2/2 valid', () => {
    const x = t([2, 6, 6, 3], 1, -2, -0.1);
    const dy = t([2, 3, 3, 3], 2);
    return [tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), dy)))(x)];
  }],
  ['MaxPoolGrad, mixed signs, overlapping 3×3/1 same', () => {
    const x = t([1, 7, 5, 2], 3);
    const dy = t([1, 7, 5, 2], 4);
    return [tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 3, 1, 'same'), dy)))(x)];
  }],
  ['DepthwiseConv2dNativeBackpropInput/Filter, stride 1 same and stride 2 valid', () =>
    ([[1, 'same'], [2, 'valid']] as const).flatMap(([s, pad], i) => {
      const x = t([2, 7, 7, 3], 10 + i);
      const f = t([3, 3, 3, 2], 20 + i);
      const dy = tf.onesLike(tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, s, pad));
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad), tf.mul(dy, t(dy.shape, 30 + i)))))([x, f]);
      return g;
    })],
  ['Conv2DBackpropFilter (plain and fused conv with bias)', () => {
    const x = t([2, 6, 6, 3], 40);
    const f = t([3, 3, 3, 4], 41);
    const bias = t([4], 42);
    const dy = t([2, 3, 3, 4], 43);
    const plain = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'), dy)))([x, f]);
    const fused = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.mul(tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, strides: 2, pad: 'same', bias: c }), dy)),
    )([x, f, bias]);
    return [...plain, ...fused];
  }],
  ['UnsortedSegmentSum (direct, and the gradient of gather)', () => {
    const x = t([6, 3], 50);
    const ids = tf.tensor1d([2, 0, 2, 1, 0, 2], 'int32');
    const direct = tf.unsortedSegmentSum(x, ids, 3);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.gather(a, tf.tensor1d([1, 1, 4, 0], 'int32')), t([4, 3], 51))))(x);
    return [direct, g];
  }],
];

async function runAll(backend: 'cpu' | 'wasm'): Promise<Float32Array[][]> {
  await selectBackend(backend);
  const out: Float32Array[][] = [];
  for (const [, run] of CASES) {
    const ts = tf.tidy(run);
    out.push(await Promise.all(ts.map(values)));
    tf.dispose(ts);
  }
  return out;
}

describe('wasm kernel fixes', () => {
  it('the stock wasm backend lacks four kernels and ships MaxPoolGrad', () => {
    expect(WASM_FIXED_KERNELS.filter((k) => !stock.get(k))).toEqual(['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum']);
  });

  it('every fixed kernel on wasm equals the cpu backend', async () => {
    const cpu = await runAll('cpu');
    const wasm = await runAll('wasm');
    CASES.forEach(([name], i) => {
      cpu[i]!.forEach((ref, j) => expect(relDiff(wasm[i]![j]!, ref), `${name} output ${j}`).toBeLessThan(1e-5));
    });
  });

  it('DAG gradients (max-pool after BN, depthwise, fused conv in the head) are equal on wasm and cpu; the stock MaxPoolGrad is not', async () => {
    const grads = async (): Promise<Float32Array[]> => {
      const adapter = createLayersModelAdapter(buildDagModel());
      const x = seededImages([2, 16, 16, 3], 99);
      const out: Float32Array[] = [];
      for (const layer of ['image', 'conv1', 'bn1', 'dw', 'conv3', 'concat']) {
        const split = adapter.split(layer);
        const body = split.body(x);
        const g = split.classGradients(body, [[0, 4], [9, 2]]);
        out.push(await values(g.gradients));
        tf.dispose([g.gradients, g.logits]);
        disposeBody(body);
      }
      x.dispose();
      adapter.dispose();
      return out;
    };
    await selectBackend('cpu');
    const ref = await grads();
    await selectBackend('wasm');
    const fixed = await grads();
    const diffs = fixed.map((g, i) => relDiff(g, ref[i]!));
    expect(Math.max(...diffs)).toBeLessThan(1e-5);
    // With the shipped MaxPoolGrad back in place, the splits whose head has the post-BN max-pool go wrong.
    const fix = tf.getKernel('MaxPoolGrad', 'wasm');
    tf.unregisterKernel('MaxPoolGrad', 'wasm');
    tf.registerKernel(stock.get('MaxPoolGrad')!);
    try {
      const broken = (await grads()).map((g, i) => relDiff(g, ref[i]!));
      expect(Math.min(broken[1]!, broken[2]!)).toBeGreaterThan(0.05);
    } finally {
      tf.unregisterKernel('MaxPoolGrad', 'wasm');
      tf.registerKernel(fix);
    }
  });
});
