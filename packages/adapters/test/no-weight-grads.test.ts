import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { WEIGHT_GRADIENT_KERNELS, selectBackend, weightGradientsDisabled, withoutWeightGradients } from '../src/index.js';
import { relDiff, values } from './helpers/compare.js';
import { mulberry32, uniform } from './helpers/seeded.js';

const t = (shape: number[], seed: number): tf.Tensor => tf.tensor(uniform(mulberry32(seed), shape.reduce((a, b) => a * b, 1), -1, 1), shape);

/** Gradients of a linear-activation fused conv (the customGrad path that always computes the filter gradient). */
function fusedConvGrads(): tf.Tensor[] {
  const x = t([2, 8, 8, 3], 1);
  const f = t([3, 3, 3, 4], 2);
  const b = t([4], 3);
  const dw = t([3, 3, 4, 1], 4);
  return tf.grads((a: tf.Tensor, k: tf.Tensor, c: tf.Tensor) => {
    const y = tf.fused.conv2d({ x: a as tf.Tensor4D, filter: k as tf.Tensor4D, strides: 1, pad: 'same', bias: c });
    return tf.sum(tf.fused.depthwiseConv2d({ x: y, filter: dw as tf.Tensor4D, strides: 1, pad: 'same' }));
  })([x, f, b]);
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`withoutWeightGradients on ${backend}`, () => {
    beforeAll(async () => {
      await selectBackend(backend);
    });

    it('zeroes filter gradients, keeps input and bias gradients, and restores the kernels', async () => {
      const before = WEIGHT_GRADIENT_KERNELS.map((k) => tf.getKernel(k, backend));
      const [dx, df, db] = tf.tidy(fusedConvGrads);
      const [sx, sf, sb] = withoutWeightGradients(() => {
        expect(weightGradientsDisabled()).toBe(true);
        return tf.tidy(fusedConvGrads);
      });
      expect(weightGradientsDisabled()).toBe(false);
      expect(relDiff(await values(sx!), await values(dx!))).toBe(0);
      expect(relDiff(await values(sb!), await values(db!))).toBe(0);
      expect(sf!.shape).toEqual(df!.shape);
      expect(Math.max(...Array.from(await values(sf!), Math.abs))).toBe(0);
      expect(Math.max(...Array.from(await values(df!), Math.abs))).toBeGreaterThan(0);
      expect(WEIGHT_GRADIENT_KERNELS.map((k) => tf.getKernel(k, backend))).toEqual(before);
      tf.dispose([dx!, df!, db!, sx!, sf!, sb!]);
    });

    it('never runs the real filter-gradient kernel inside the scope, and restores it after a throw', () => {
      const name = 'Conv2DBackpropFilter';
      const real = tf.getKernel(name, backend)!;
      let calls = 0;
      const counting: KernelConfig = { ...real, kernelFunc: (args) => (calls++, real.kernelFunc(args)) };
      tf.unregisterKernel(name, backend);
      tf.registerKernel(counting);
      try {
        tf.dispose(withoutWeightGradients(() => tf.tidy(fusedConvGrads)));
        expect(calls).toBe(0);
        tf.dispose(tf.tidy(fusedConvGrads));
        expect(calls).toBe(1);
        expect(() =>
          withoutWeightGradients(() => {
            // Nested scopes run inside the outer one.
            withoutWeightGradients(() => expect(weightGradientsDisabled()).toBe(true));
            throw new Error('boom');
          }),
        ).toThrow('boom');
        expect(tf.getKernel(name, backend)).toBe(counting);
        expect(weightGradientsDisabled()).toBe(false);
      } finally {
        tf.unregisterKernel(name, backend);
        tf.registerKernel(real);
      }
    });
  });
}
