import { defineMetric, disposeBody, type BodyOutput, type MetricInput, type MetricResult } from '@saliency/core';
import { channelActivityOf } from '../util/channel-activity.js';
import { inputError } from '../util/inputs.js';

export interface ChannelActivityOptions {
  /** A channel is active when its spatial mean is strictly greater than `tau` (the paper's τ = 0.001). */
  readonly tau: number;
  /** Further thresholds, each reported as a column `active@<tau>` (default `[0.1]`, the scripts' default). */
  readonly extraTaus: readonly number[];
  /** How many channel ids, by descending mean, go into `details[i].top` (the overlap analysis uses 10). */
  readonly topChannels: number;
}

const ID = 'channel-activity';

/**
 * The ablation study's channel activity (`ablation/channel_activity_per_class.py`): per image, the spatial mean of
 * every channel of the split layer's activation (`adaptive_avg_pool2d` to 1×1, `[B, C]`), and the number of channels
 * whose mean is `> tau`. Reads `MetricInput.body.activation`; without `body`, runs `split.body(input)` itself.
 *
 * Means are summed in float64 and rounded to float32 (the layer's precision); each is compared with τ rounded to
 * float32, as numpy 1.24 compares a float32 array with a Python float.
 *
 * - `scores`: active-channel count at `tau`; `columns['active@<t>']`: the count at each of `extraTaus`.
 * - `details[i]`: `pooled` (C means), `active` (ids with mean > tau), `top` (the `topChannels` ids with the largest
 *   means, ties by ascending id).
 *
 * Aggregate with {@link perClassActivity}, {@link channelOverlap} and {@link activityKde}.
 */
export const channelActivity = defineMetric<ChannelActivityOptions>({
  id: ID,
  displayName: 'Channel activity',
  description: 'Number of channels whose spatial mean at the analysed layer exceeds tau (CASE ablation study).',
  scoreDirection: 'neutral',
  category: 'analysis',
  requires: ['layer-activations'],
  inputs: ['body'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['tau', 'extraTaus', 'topChannels'],
    properties: {
      tau: { type: 'number' },
      extraTaus: { type: 'array', items: { type: 'number' }, uniqueItems: true },
      topChannels: { type: 'integer', minimum: 1 },
    },
  },
  defaultOptions: { tau: 0.001, extraTaus: [0.1], topChannels: 10 },
  create: (options) => ({
    id: ID,
    async evaluate(input: MetricInput): Promise<MetricResult> {
      let body: BodyOutput | undefined = input.body;
      let owned: BodyOutput | undefined;
      if (!body) {
        if (!input.split) {
          throw inputError(ID, 'needs MetricInput.body (the activations at the analysed layer), or MetricInput.split to compute it from MetricInput.input; neither was given', { field: 'body' });
        }
        if (!input.input) throw inputError(ID, 'needs MetricInput.input to run split.body on', { field: 'input' });
        body = owned = input.split.body(input.input);
      }
      try {
        const a = body.activation;
        if (a.rank !== 4) throw inputError(ID, `body.activation must be [B,h,w,C] (got shape [${a.shape.join(',')}])`, { field: 'body' });
        if (a.shape[0] === 0) throw inputError(ID, `empty batch: body.activation has shape [${a.shape.join(',')}]`, { field: 'body' });
        if (input.input && input.input.shape[0] !== a.shape[0]) {
          throw inputError(ID, `body.activation has shape [${a.shape.join(',')}] but input has shape [${input.input.shape.join(',')}]; the batch sizes must match`);
        }
        const data = (await a.data()) as Float32Array;
        const taus = [options.tau, ...options.extraTaus];
        const per = channelActivityOf(ID, data, a.shape as [number, number, number, number], taus, options.topChannels);
        const columns: Record<string, Float64Array> = {};
        options.extraTaus.forEach((t, j) => (columns[`active@${t}`] = Float64Array.from(per, (p) => p.counts[j + 1]!)));
        return {
          scores: Float64Array.from(per, (p) => p.counts[0]!),
          columns,
          details: per.map((p) => ({ pooled: p.pooled, active: p.active, top: p.top })),
        };
      } finally {
        disposeBody(owned);
      }
    },
  }),
});
