import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSaliencyError, type MetricInput, type ModelAdapter } from '@saliency/core';
import { countLeaks, describeMetric, maxAbsDiff } from '@saliency/core/testing';
import { channelActivity, type ChannelActivityOptions } from '../../src/metrics/channel-activity.js';
import { createMetric, fnAdapter, imageData, layersAdapter, loadCases, loadOracleModel, ORACLE_MODELS, stack, type OracleModel } from '../helpers/oracle.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function evaluate(input: MetricInput, options: Partial<ChannelActivityOptions> = {}) {
  return (await createMetric(channelActivity, options)).evaluate(input);
}

const dummy = fnAdapter(10, (x) => tf.zeros([x.shape[0], 10]) as tf.Tensor2D, [32, 32, 3]);

/** The metric input built from the recorded target-layer activations of a model's images. */
function recordedInput(model: OracleModel, adapter: ModelAdapter = dummy): MetricInput {
  const file = loadCases(model);
  const [, h, w, c] = file.images[0]!.activations.shape as [number, number, number, number];
  return {
    adapter,
    input: stack(file.images.map((im) => imageData(im.image_index)), [32, 32, 3]) as tf.Tensor4D,
    targets: file.images.map((im) => im.top1),
    body: { activation: stack(file.images.map((im) => im.activations.data), [h, w, c]) as tf.Tensor4D, crossing: [] },
  };
}

describeMetric(channelActivity, {
  input: async () => recordedInput('resish'),
  badOptions: [{ tau: 'high' }, { extraTaus: ['a'] }, { extraTaus: 0.1 }, { topChannels: 0 }, { topChannels: 2.5 }],
});

describe('channel-activity against images[].channel_activity', () => {
  for (const model of ORACLE_MODELS) {
    it(`${model}: pooled means and the counts at tau 0.001 and 0.1 from the recorded activations`, async () => {
      const file = loadCases(model);
      const input = recordedInput(model);
      const r = await evaluate(input, { tau: 0.001, extraTaus: [0.1] });
      let maxPooled = 0;
      file.images.forEach((im, i) => {
        const pooled = r.details![i]!.pooled as number[];
        const diff = maxAbsDiff(pooled, im.channel_activity.pooled.data);
        maxPooled = Math.max(maxPooled, diff);
        expect(diff).toBeLessThanOrEqual(1e-6);
        expect(r.scores[i]).toBe(im.channel_activity.counts['0.001']);
        expect(r.columns!['active@0.1']![i]).toBe(im.channel_activity.counts['0.1']);
        // active ids and the top channels follow from the recorded pooled values
        const rec = im.channel_activity.pooled.data;
        expect(r.details![i]!.active).toEqual(rec.flatMap((v, ch) => (v > 0.001 ? [ch] : [])));
        const top = r.details![i]!.top as number[];
        expect(top).toHaveLength(Math.min(10, rec.length));
        const tenth = [...rec].sort((a, b) => b - a)[top.length - 1]!;
        for (const ch of top) expect(rec[ch]!).toBeGreaterThanOrEqual(tenth - 1e-6);
      });
      console.log(`[channel-activity] ${model}: ${file.images.length} images, counts at 0.001 and 0.1 exact; max |Δ pooled| ${maxPooled.toExponential(2)}`);
      tf.dispose([input.input, input.body!.activation]);
    });
    it(`${model}: computes the body itself through split when only split is given`, async () => {
      const file = loadCases(model);
      const adapter = layersAdapter(await loadOracleModel(model), model);
      const split = adapter.split(file.target_layer);
      const input: MetricInput = { ...recordedInput(model, adapter), body: undefined, split };
      const metric = await createMetric(channelActivity);
      await metric.evaluate(input); // warm-up (the layers model caches on first call)
      let r: Awaited<ReturnType<typeof metric.evaluate>> | undefined;
      expect(await countLeaks(async () => (r = await metric.evaluate(input)))).toBe(0);
      file.images.forEach((im, i) => {
        expect(maxAbsDiff(r!.details![i]!.pooled as number[], im.channel_activity.pooled.data)).toBeLessThanOrEqual(1e-5);
        expect(r!.scores[i]).toBe(im.channel_activity.counts['0.001']);
        expect(r!.columns!['active@0.1']![i]).toBe(im.channel_activity.counts['0.1']);
      });
      input.input.dispose();
      adapter.dispose();
    });
  }
});

describe('channel-activity: thresholds and bad inputs', () => {
  const body = (values: number[], shape: [number, number, number, number]) => ({ activation: tf.tensor4d(values, shape), crossing: [] });
  const base = (activation: number[], shape: [number, number, number, number]): MetricInput => ({
    adapter: dummy,
    input: tf.zeros([shape[0], 2, 2, 3]) as tf.Tensor4D,
    targets: new Array(shape[0]).fill(0),
    body: body(activation, shape),
  });

  it('counts strictly greater means, comparing with tau rounded to float32 (numpy float32 vs Python float)', async () => {
    // one pixel, channels with means 0.1f, just above 0.1f, 0.001, 0, -1
    const bits = new Float32Array([0.1]);
    new Uint32Array(bits.buffer)[0]! += 1;
    const above = bits[0]!; // the next float32 after fround(0.1)
    const r = await evaluate(base([Math.fround(0.1), above, 0.001, 0, -1], [1, 1, 1, 5]), { tau: 0.1, extraTaus: [0.001, 0], topChannels: 3 });
    expect(r.scores[0]).toBe(1);
    expect(r.columns!['active@0.001']![0]).toBe(2); // fround(0.001) is not > fround(0.001)
    expect(r.columns!['active@0']![0]).toBe(3);
    expect(r.details![0]!.active).toEqual([1]);
    expect(r.details![0]!.top).toEqual([1, 0, 2]);
  });
  it('averages over all spatial positions, per image', async () => {
    // 2 images, 2x2 pixels, 2 channels
    const r = await evaluate(base([1, 0, 3, 0, 5, 0, 7, 1, 0, 0, 0, 0, 0, 0, 0, 0.002], [2, 2, 2, 2]), { extraTaus: [] });
    expect(r.details![0]!.pooled).toEqual([4, 0.25]);
    expect(r.details![1]!.pooled).toEqual([0, Math.fround(0.0005)]);
    expect(Array.from(r.scores)).toEqual([2, 0]);
    expect(r.columns).toEqual({});
  });
  it('names the metric and the fields when neither body nor split is given', async () => {
    const input = { ...base([1], [1, 1, 1, 1]), body: undefined };
    const err = await evaluate(input).catch((e: unknown) => e);
    expect(isSaliencyError(err, 'SALIENCY_INVALID_INPUT')).toBe(true);
    expect((err as Error).message).toMatch(/metrics\/channel-activity.*MetricInput\.body.*MetricInput\.split/);
  });
  it('rejects an empty batch', async () => {
    await expect(evaluate({ ...base([], [0, 1, 1, 2]), input: tf.zeros([0, 2, 2, 3]) as tf.Tensor4D })).rejects.toThrow(/empty batch/);
  });
  it('names both shapes when body and input disagree on the batch size', async () => {
    await expect(evaluate({ ...base([1, 2], [2, 1, 1, 1]), input: tf.zeros([3, 2, 2, 3]) as tf.Tensor4D })).rejects.toThrow(/\[2,1,1,1\].*\[3,2,2,3\]/);
  });
  it('throws instead of reporting a NaN mean', async () => {
    await expect(evaluate(base([1, Number.NaN], [1, 1, 1, 2]))).rejects.toThrow(/image 0, channel 1 has a non-finite mean/);
  });
});
