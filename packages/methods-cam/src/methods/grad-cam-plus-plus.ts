import * as tf from '@tensorflow/tfjs-core';
import { defineCamMethod } from '../cam-pipeline.js';

export interface GradCamPlusPlusOptions {
  /** The constant in the α denominator (pytorch-grad-cam: 1e-6). */
  readonly eps: number;
}

/**
 * Grad-CAM++ (arXiv:1710.11063) as pytorch-grad-cam computes it (ALGORITHMS.md §1.6):
 * `α = G² / (2G² + S_k·G³ + eps)` with `S_k` the spatial sum of channel k, `α = 0` where `G == 0`,
 * `w_k = Σ_ij relu(G)·α`.
 */
export const gradCamPlusPlus = defineCamMethod<GradCamPlusPlusOptions>({
  id: 'grad-cam-plus-plus',
  displayName: 'Grad-CAM++',
  description: 'Grad-CAM++ (arXiv:1710.11063), the pytorch-grad-cam closed form with first-order gradients.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['eps'],
    properties: { eps: { type: 'number', exclusiveMinimum: 0 } },
  },
  defaultOptions: { eps: 1e-6 },
  needsGradients: true,
  channelWeights: ({ grads, activation }, { eps }) =>
    tf.tidy(() => {
      const g = grads!;
      const g2 = tf.square(g);
      const g3 = tf.mul(g2, g);
      const sumA = tf.sum(activation, [1, 2], true);
      const denom = tf.add(tf.add(tf.mul(g2, 2), tf.mul(sumA, g3)), eps);
      const aij = tf.where(tf.notEqual(g, 0), tf.div(g2, denom), tf.zerosLike(g));
      return tf.sum(tf.mul(tf.relu(g), aij), [1, 2]) as tf.Tensor2D;
    }),
});
