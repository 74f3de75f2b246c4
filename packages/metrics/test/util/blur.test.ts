import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff } from '@saliency/core/testing';
import { defaultBlurSigma, gaussianKernel1d, referenceBlur } from '../../src/util/blur.js';
import { loadInputs } from '../helpers/oracle.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('referenceBlur: torchvision gaussian_blur(k=5, sigma=1.1, reflect) as blur_region_torch', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
  it('uses sigma 0.15·5 + 0.35 = 1.1 and a normalised symmetric kernel', () => {
    expect(defaultBlurSigma(5)).toBeCloseTo(1.1, 15);
    const k = gaussianKernel1d(5, 1.1);
    expect(k[0]).toBe(k[4]);
    expect(k[1]).toBe(k[3]);
    expect(Math.abs(k.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
    // exp(-0.5 (x/1.1)^2) normalised, computed here in float64 from the definition
    const pdf = [-2, -1, 0, 1, 2].map((x) => Math.exp(-0.5 * (x / 1.1) ** 2));
    const s = pdf.reduce((a, b) => a + b, 0);
    expect(maxAbsDiff(k, pdf.map((p) => p / s))).toBeLessThan(1e-7);
    expect(() => gaussianKernel1d(4, 1)).toThrow(/odd/);
  });
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`reproduces inputs_blur_k5.bin within 1e-6 on ${backend}`, async () => {
      await tf.setBackend(backend);
      const { data, shape } = loadInputs('inputs');
      const expected = loadInputs('blurred').data;
      const x = tf.tensor4d(data, shape);
      const before = tf.memory().numTensors;
      const y = referenceBlur(x);
      expect(tf.memory().numTensors).toBe(before + 1);
      const got = (await y.data()) as Float32Array;
      const diff = maxAbsDiff(got, expected);
      console.log(`[blur] ${backend}: max |ours − inputs_blur_k5.bin| = ${diff.toExponential(2)} over ${got.length} values`);
      expect(diff).toBeLessThanOrEqual(1e-6);
      tf.dispose([x, y]);
    });
  }
  it('rejects images too small for reflect padding', async () => {
    await tf.setBackend('cpu');
    const x = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    expect(() => referenceBlur(x)).toThrow(/reflect padding of 2/);
    x.dispose();
  });
});
