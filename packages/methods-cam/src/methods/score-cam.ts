import * as tf from '@tensorflow/tfjs-core';
import { disposeBody } from '@saliency/core';
import { defineCamMethod } from '../cam-pipeline.js';

export interface ScoreCamOptions {
  /** Masked images per forward pass, or `'auto'` (bounded memory: ~16 images of 224×224×3 per chunk). */
  readonly batchSize: number | 'auto';
}

/** Input elements per chunk in `'auto'` mode: 16 images of 224×224×3, pytorch-grad-cam's chunk at ImageNet size. */
const AUTO_CHUNK_ELEMENTS = 16 * 224 * 224 * 3;

/** The chunk size used for a `[H, W, Cin]` input and C channels. */
export function scoreCamChunk(batchSize: number | 'auto', h: number, w: number, cin: number, channels: number): number {
  const n = batchSize === 'auto' ? Math.floor(AUTO_CHUNK_ELEMENTS / (h * w * Math.max(cin, 1))) : batchSize;
  return Math.max(1, Math.min(n, channels));
}

/**
 * Score-CAM as pytorch-grad-cam computes it (ALGORITHMS.md §1.9): each channel, upsampled to the input size with
 * align-corners bilinear and min-max'd (+1e-8), masks the input; the masked images go through the whole model;
 * the raw target logits, softmaxed across channels, are the weights. Chunking does not change the result.
 */
export const scoreCam = defineCamMethod<ScoreCamOptions>({
  id: 'score-cam',
  displayName: 'Score-CAM',
  description: 'Score-CAM (arXiv:1910.01279), pytorch-grad-cam variant: softmax over channels of the raw target logit of each masked input.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['batchSize'],
    properties: { batchSize: { anyOf: [{ type: 'integer', minimum: 1 }, { const: 'auto' }] } },
  },
  defaultOptions: { batchSize: 'auto' },
  needsGradients: false,
  requires: ['layer-activations', 'logits', 'input'],
  async channelWeights(ctx, { batchSize }) {
    const { input, activation, split, targets } = ctx;
    const [batch, inH, inW, cin] = input.shape;
    const channels = activation.shape[3];
    const chunk = scoreCamChunk(batchSize, inH, inW, cin, channels);
    const scores = new Float32Array(batch * channels);
    const total = batch * channels;
    for (let b = 0; b < batch; b++) {
      for (let k0 = 0; k0 < channels; k0 += chunk) {
        await ctx.checkpoint();
        const n = Math.min(chunk, channels - k0);
        const col = tf.tidy(() => {
          const a = tf.slice(activation, [b, 0, 0, k0], [1, -1, -1, n]);
          const up = tf.image.resizeBilinear(a, [inH, inW], true);
          const lo = tf.min(up, [1, 2], true);
          const hi = tf.max(up, [1, 2], true);
          const masks = tf.div(tf.sub(up, lo), tf.add(tf.sub(hi, lo), 1e-8));
          const x = tf.slice(input, [b, 0, 0, 0], [1, -1, -1, -1]);
          const masked = tf.mul(tf.reshape(tf.transpose(masks, [3, 1, 2, 0]), [n, inH, inW, 1]), x) as tf.Tensor4D;
          const body = split.body(masked);
          const logits = split.head(body.activation, body.crossing);
          disposeBody(body);
          return tf.reshape(tf.slice(logits, [0, targets[b]!], [n, 1]), [n]);
        });
        scores.set((await col.data()) as Float32Array, b * channels + k0);
        col.dispose();
        ctx.progress('score-cam: masked forward passes', b * channels + k0 + n, total);
      }
    }
    return tf.tidy(() => tf.softmax(tf.tensor2d(scores, [batch, channels])));
  },
});
