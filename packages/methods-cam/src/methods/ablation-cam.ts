import * as tf from '@tensorflow/tfjs-core';
import type { ModelSplit } from '@saliency/core';
import { crossingFor, defineCamMethod, repeatImage, type CamContext } from '../cam-pipeline.js';

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
 * `[B, C]` fill value of every channel: within each run of `batchSize` channels the cascade of
 * {@link ablationFills} restarts, so channel k gets the fill of position `k mod batchSize` of its image's cascade.
 */
export function channelFills(mins: ArrayLike<number>, channels: number, batchSize: number, mode: AblationCamOptions['ablation']): Float32Array {
  const fills = new Float32Array(mins.length * channels);
  for (let b = 0; b < mins.length; b++) {
    const cascade = ablationFills(mins[b]!, Math.min(batchSize, channels), mode);
    for (let k = 0; k < channels; k++) fills[b * channels + k] = cascade[k % batchSize]!;
  }
  return fills;
}

/** `[B*C]` target logit with each channel ablated, from the adapter's all-channels-at-once fast path. */
async function ablatedFast(ctx: CamContext, fills: Float32Array, ablate: NonNullable<ModelSplit['ablatedLogits']>): Promise<Float32Array> {
  const [batch, , , channels] = ctx.activation.shape;
  const fillsT = tf.tensor2d(fills, [batch, channels]);
  const scoresT = ablate(ctx.body, fillsT, ctx.targets);
  fillsT.dispose();
  const scores = (await scoresT.data()) as Float32Array;
  scoresT.dispose();
  ctx.progress('ablation-cam: ablated head passes', batch * channels, batch * channels);
  return scores;
}

/** The same through head passes over `batchSize` ablated copies at a time (any head). */
async function ablatedByHeadPasses(ctx: CamContext, fills: Float32Array, batchSize: number): Promise<Float32Array> {
  const { activation, body, split, targets } = ctx;
  const [batch, h, w, channels] = activation.shape;
  const scores = new Float32Array(batch * channels);
  for (let b = 0; b < batch; b++) {
    for (let k0 = 0; k0 < channels; k0 += batchSize) {
      await ctx.checkpoint();
      const n = Math.min(batchSize, channels - k0);
      const scoresT = tf.tidy(() => {
        // Same-shape operands for `where`, made by broadcasting multiplies (`where` itself would broadcast by tiling).
        const a = repeatImage(tf.slice(activation, [b, 0, 0, 0], [1, -1, -1, -1]), n);
        const hot = tf.mul(tf.reshape(tf.oneHot(tf.range(k0, k0 + n, 1, 'int32'), channels, 1, 0, 'float32'), [n, 1, 1, channels]), tf.ones([1, h, w, 1]));
        const fill = tf.mul(tf.reshape(tf.tensor1d(fills.subarray(b * channels + k0, b * channels + k0 + n)), [n, 1, 1, 1]), tf.ones([1, h, w, channels]));
        const ablated = tf.where(tf.greater(hot, 0), fill, a) as tf.Tensor4D;
        const crossing = crossingFor(body.crossing, b, n, batch);
        return tf.reshape(tf.slice(split.head(ablated, crossing), [0, targets[b]!], [n, 1]), [n]);
      });
      scores.set((await scoresT.data()) as Float32Array, b * channels + k0);
      scoresT.dispose();
      ctx.progress('ablation-cam: ablated head passes', b * channels + k0 + n, batch * channels);
    }
  }
  return scores;
}

/**
 * Ablation-CAM as pytorch-grad-cam computes it (ALGORITHMS.md §1.10): the head re-runs on copies of the activation
 * with one channel ablated each; `w_k = (y0 − y_k) / y0` with the signed clean logit `y0` and no epsilon. Only the
 * head runs (on the shared body output); where the adapter offers `split.ablatedLogits` every channel comes from
 * two head-sized passes, otherwise from batched head passes.
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
    const [batch, , , channels] = activation.shape;
    const [cleanT, minsT] = tf.tidy(() => [split.head(activation, body.crossing), tf.min(activation, [1, 2, 3])]);
    const [clean, mins] = (await Promise.all([cleanT!.data(), minsT!.data()])) as [Float32Array, Float32Array];
    const numOut = cleanT!.shape[1]!;
    tf.dispose([cleanT!, minsT!]);
    const fills = channelFills(mins, channels, batchSize, ablation);
    const scores = split.ablatedLogits ? await ablatedFast(ctx, fills, split.ablatedLogits.bind(split)) : await ablatedByHeadPasses(ctx, fills, batchSize);
    const weights = new Float32Array(batch * channels);
    const y0s = targets.map((t, b) => clean[b * numOut + t]!);
    for (let i = 0; i < weights.length; i++) {
      const y0 = y0s[Math.floor(i / channels)]!;
      weights[i] = Math.fround(Math.fround(y0 - scores[i]!) / y0);
    }
    ctx.extras.originalScore = y0s;
    return tf.tensor2d(weights, [batch, channels]);
  },
});
