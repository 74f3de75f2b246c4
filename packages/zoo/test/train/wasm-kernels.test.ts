import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_KERNELS, buildConvNeXtMini, buildDenseNetMini, buildResNetMini, buildVggMini, registerTrainingKernels } from '../../src/index.js';

const rand = (shape: number[], seed: number): tf.Tensor => tf.randomUniform(shape, -1, 1, 'float32', seed);

/** max |a − b| / max(max |b|, floor). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  let d = 0;
  let s = floor;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return d / s;
}

type Conv = readonly [x: number[], k: [number, number, number, number], stride: number, pad: 'same' | 'valid'];
const CONVS: readonly Conv[] = [
  [[2, 9, 9, 3], [3, 3, 3, 4], 1, 'same'],
  [[2, 9, 9, 3], [3, 3, 3, 4], 2, 'same'],
  [[2, 8, 8, 3], [3, 3, 3, 4], 2, 'same'],
  [[2, 8, 7, 3], [3, 3, 3, 4], 2, 'valid'],
  [[2, 9, 7, 3], [2, 2, 3, 5], 2, 'valid'],
  [[1, 11, 11, 2], [7, 7, 2, 3], 1, 'same'],
  [[2, 8, 8, 3], [4, 4, 3, 5], 4, 'valid'],
  [[2, 6, 6, 3], [1, 1, 3, 4], 1, 'valid'],
];

/** Runs every kernel case on the current backend, returning the outputs' values. */
function runCases(): Float32Array[] {
  const out: tf.Tensor[] = [];
  CONVS.forEach(([xs, k, s, pad], i) => {
    const x = rand(xs, 10 + i) as tf.Tensor4D;
    const w = rand(k, 20 + i) as tf.Tensor4D;
    const dy = rand(tf.conv2d(x, w, s, pad).shape, 30 + i);
    const dk: [number, number, number, number] = [k[0], k[1], k[2], 1];
    const wd = rand(dk, 40 + i) as tf.Tensor4D;
    const dyd = rand(tf.depthwiseConv2d(x, wd, s, pad).shape, 50 + i);
    const run = (name: string, inputs: tf.NamedTensorMap, attrs: object) => tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
    out.push(run('Conv2DBackpropFilter', { x, dy }, { strides: s, pad, dataFormat: 'NHWC', filterShape: k }));
    out.push(run('Conv2DBackpropInput', { dy, filter: w }, { strides: s, pad, dataFormat: 'NHWC', inputShape: xs }));
    out.push(run('DepthwiseConv2dNativeBackpropFilter', { x, dy: dyd }, { strides: s, pad, dilations: 1, filterShape: dk }));
    out.push(run('DepthwiseConv2dNativeBackpropInput', { dy: dyd, filter: wd }, { strides: s, pad, dilations: 1, inputShape: xs }));
  });
  // MaxPoolGrad, 2×2/2 over a BN-like input with all-negative windows, and 3×3/3 with leftover rows.
  for (const [xs, f, seed] of [[[2, 8, 6, 3], 2, 60], [[1, 10, 11, 2], 3, 61]] as const) {
    const x = tf.sub(rand([...xs], seed), 0.8);
    out.push(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, f, f, 'valid'), rand(tf.maxPool(x as tf.Tensor4D, f, f, 'valid').shape, seed + 1))))(x));
  }
  // BatchMatMul with every transpose combination, 2-D and batched (the Dense layers' backward pass).
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    const a = rand(ta ? [7, 5] : [5, 7], 80);
    const b = rand(tb ? [3, 7] : [7, 3], 81);
    out.push(tf.matMul(a, b, ta, tb));
    out.push(tf.matMul(rand(ta ? [2, 7, 5] : [2, 5, 7], 82), rand(tb ? [2, 3, 7] : [2, 7, 3], 83), ta, tb));
  }
  // Tile's gradient (LayerNorm tiles γ/β), through a weighted sum.
  const t = rand([1, 1, 1, 5], 70);
  out.push(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.tile(a, [3, 4, 2, 1]), rand([3, 4, 2, 5], 71))))(t));
  const t2 = rand([2, 3], 72);
  out.push(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.tile(a, [2, 3]), rand([4, 9], 73))))(t2));
  return out.map((o) => o.dataSync() as Float32Array);
}

/** Weight and input gradients of a mini model's loss on a small batch. */
function modelGrads(build: (o: { seed: number; inputShape: [number, number, number] }) => import('@tensorflow/tfjs-layers').LayersModel): Float32Array[] {
  return tf.tidy(() => {
    const model = build({ seed: 3, inputShape: [16, 16, 3] });
    const x = tf.randomUniform([3, 16, 16, 3], 0, 1, 'float32', 5);
    const y = tf.oneHot(tf.tensor1d([0, 3, 7], 'int32'), 8);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
    const out = vars.map((v) => grads[v.name]!.dataSync() as Float32Array);
    model.dispose();
    return out;
  });
}

describe('zoo training kernels on wasm equal the cpu kernels', () => {
  let cpu: Float32Array[];
  let cpuModels: Float32Array[][];
  const builders = [buildVggMini, buildResNetMini, buildDenseNetMini, buildConvNeXtMini];
  let restore: () => void;
  let before: (tf.KernelConfig | undefined)[];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    cpu = runCases();
    cpuModels = builders.map((b) => modelGrads(b));
    await tf.setBackend('wasm');
    await tf.ready();
    before = TRAINING_KERNELS.map((k) => tf.getKernel(k, 'wasm'));
    restore = registerTrainingKernels('wasm');
  });
  afterAll(() => restore?.());

  it('Conv2DBackpropFilter/Input, depthwise backprops, MaxPoolGrad, BatchMatMul and the Tile gradient, over strides and paddings', () => {
    const wasm = runCases();
    expect(wasm.length).toBe(cpu.length);
    wasm.forEach((w, i) => {
      expect(w.length).toBe(cpu[i]!.length);
      expect(relErr(w, cpu[i]!)).toBeLessThan(2e-6);
    });
  });

  it('every weight gradient of the four mini models (BatchNorm, concat, LayerNorm, GELU, depthwise 7×7)', () => {
    builders.forEach((b, m) => {
      const wasm = modelGrads(b);
      // Biases before a training-mode BatchNorm have a true gradient of 0 (rounding noise on both backends): errors
      // are relative to the largest of the weight's own gradient and 1% of the model's largest gradient.
      const scale = Math.max(...cpuModels[m]!.map((g) => g.reduce((s, x) => Math.max(s, Math.abs(x)), 0)));
      wasm.forEach((g, i) => expect(relErr(g, cpuModels[m]![i]!, 1e-2 * scale)).toBeLessThan(1e-3));
    });
  });

  it('restores the previous kernels exactly', () => {
    restore();
    TRAINING_KERNELS.forEach((k, i) => expect(tf.getKernel(k, 'wasm')).toBe(before[i]));
    restore = registerTrainingKernels('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });
});
