import * as tf from '@tensorflow/tfjs-core';
import { repeatBatch } from '@saliency/core';
import { crossingFor, defineCamMethod } from '../cam-pipeline.js';

export interface AblationCamOptions {
  /** Ablated copies per head pass; the fill-value cascade restarts with every batch (pytorch-grad-cam: 32). */
  readonly batchSize: number;
  /** `pytorch-grad-cam`: 0 when the activation's minimum is exactly 0, else `min − (j+1)·1e7`; `zero`: always 0. */
  readonly ablation: 'pytorch-grad-cam' | 'zero';
}

/**
 * The values pytorch-grad-cam's AblationLayer writes into the copies of one batch: 0 while the batch-wide minimum
 * is exactly 0, else `min − 1e7`, with the minimum re-read after every write (float32), so fills cascade.
 */
export function ablationFills(min0: number, n: number, mode: AblationCamOptions['ablation']): Float32Array {
  const fills = new Float32Array(n);
  let m = Math.fround(min0);
  for (let j = 0; j < n; j++) {
    if (mode === 'zero' || m === 0) continue;
    m = Math.fround(m - 1e7);
    fills[j] = m;
  }
  return fills;
}

/**
 * Ablation-CAM as pytorch-grad-cam computes it (ALGORITHMS.md §1.10): the head re-runs on copies of the activation
 * with one channel ablated each; `w_k = (y0 − y_k) / y0` with the signed clean logit `y0` and no epsilon.
 */
export const ablationCam = defineCamMethod<AblationCamOptions>({
  id: 'ablation-cam',
  displayName: 'Ablation-CAM',
  description: 'Ablation-CAM (WACV 2020), pytorch-grad-cam variant: relative drop of the target logit when each channel is ablated.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['batchSize', 'ablation'],
    properties: {
      batchSize: { type: 'integer', minimum: 1 },
      ablation: { enum: ['pytorch-grad-cam', 'zero'] },
    },
  },
  defaultOptions: { batchSize: 32, ablation: 'pytorch-grad-cam' },
  needsGradients: false,
  async channelWeights(ctx, { batchSize, ablation }) {
    const { activation, body, split, targets } = ctx;
    const [batch, h, w, channels] = activation.shape;
    const cleanT = tf.tidy(() => split.head(activation, body.crossing));
    const clean = (await cleanT.data()) as Float32Array;
    const numOut = cleanT.shape[1];
    cleanT.dispose();
    const minsT = tf.min(activation, [1, 2, 3]);
    const mins = (await minsT.data()) as Float32Array;
    minsT.dispose();
    const weights = new Float32Array(batch * channels);
    const y0s: number[] = [];
    for (let b = 0; b < batch; b++) {
      const t = targets[b]!;
      const y0 = clean[b * numOut + t]!;
      y0s.push(y0);
      for (let k0 = 0; k0 < channels; k0 += batchSize) {
        await ctx.checkpoint();
        const n = Math.min(batchSize, channels - k0);
        const fills = ablationFills(mins[b]!, n, ablation);
        const scoresT = tf.tidy(() => {
          const a = repeatBatch(tf.slice(activation, [b, 0, 0, 0], [1, -1, -1, -1]), n);
          const mask = tf.broadcastTo(
            tf.cast(tf.reshape(tf.oneHot(tf.range(k0, k0 + n, 1, 'int32'), channels), [n, 1, 1, channels]), 'bool'),
            [n, h, w, channels],
          );
          const fill = tf.broadcastTo(tf.reshape(tf.tensor1d(fills), [n, 1, 1, 1]), [n, h, w, channels]);
          const ablated = tf.where(mask, fill, a) as tf.Tensor4D;
          const crossing = crossingFor(body.crossing, b, n, batch);
          return tf.reshape(tf.slice(split.head(ablated, crossing), [0, t], [n, 1]), [n]);
        });
        const scores = (await scoresT.data()) as Float32Array;
        scoresT.dispose();
        for (let j = 0; j < n; j++) {
          weights[b * channels + k0 + j] = Math.fround(Math.fround(y0 - scores[j]!) / y0);
        }
        ctx.progress('ablation-cam: ablated head passes', b * channels + k0 + n, batch * channels);
      }
    }
    ctx.extras.originalScore = y0s;
    return tf.tensor2d(weights, [batch, channels]);
  },
});
