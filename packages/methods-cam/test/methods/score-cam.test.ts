import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry, type SaliencyMethod } from '@saliency/core';
import { describeSaliencyMethod, testDeps } from '@saliency/core/testing';
import { scoreCam, scoreCamChunk } from '../../src/methods/score-cam.js';
import { plugin } from '../../src/plugin.js';
import { conformanceFixture, useBackend } from '../helpers/fixture-models.js';
import { describeOracleCases } from '../helpers/oracle-suite.js';
import { f32, maxAbsDiff, readCases } from '../helpers/oracle.js';
import { toySplit, type ToySpec } from '@saliency/core/testing';

const fixture = conformanceFixture();
describeSaliencyMethod(scoreCam, { fixture, options: { batchSize: 5 }, badOptions: [{ batchSize: 0 }, { batchSize: 2.5 }, { batchSize: 'max' }] });

async function create(options: Record<string, unknown>, adapter?: Parameters<typeof testDeps>[0]): Promise<SaliencyMethod> {
  const registry = new PluginRegistry();
  registry.register(plugin);
  return registry.create('saliency-method', ['cam/score-cam', options], testDeps(adapter));
}

describe('score-cam', () => {
  beforeAll(() => useBackend('cpu'));

  it('gives identical weights and maps for every chunk size (1, 3, 16 as the reference, auto)', async () => {
    const fx = await fixture();
    const results: Float32Array[][] = [];
    for (const batchSize of [1, 3, 16, 'auto']) {
      const ex = await (await create({ batchSize }, fx.adapter)).explain({ split: fx.split, input: fx.input, targets: fx.targets, intermediates: true });
      results.push([(await ex.maps.data()) as Float32Array, (await ex.weights!.data()) as Float32Array]);
      tf.dispose([ex.maps, ex.raw!, ex.weights!]);
    }
    for (const r of results.slice(1)) {
      expect(Array.from(r[1]!)).toEqual(Array.from(results[0]![1]!));
      expect(Array.from(r[0]!)).toEqual(Array.from(results[0]![0]!));
    }
  });

  it("'auto' chunks bound the masked batch at 16 images of 224×224×3 and never exceed the channel count", () => {
    expect(scoreCamChunk('auto', 224, 224, 3, 2048)).toBe(16);
    expect(scoreCamChunk('auto', 448, 448, 3, 2048)).toBe(4);
    expect(scoreCamChunk('auto', 32, 32, 3, 16)).toBe(16);
    expect(scoreCamChunk('auto', 4000, 4000, 3, 64)).toBe(1);
    expect(scoreCamChunk(7, 224, 224, 3, 5)).toBe(5);
  });

  it('builds the masked inputs from the reference masks (align-corners upsampling, per-channel min-max + 1e-8)', async () => {
    // A probe split: its body returns the recorded activation of vggish image 0 and records every input it gets;
    // with an all-ones one-channel image the masked inputs are the masks themselves (FORMAT.md §6.4).
    const cj = await readCases('vggish');
    const masks = f32((cj as unknown as { scorecam_masks: { masks: { shape: number[]; data: number[] } } }).scorecam_masks.masks);
    const act = cj.images[0]!.activations;
    const [, h, w, c] = act.shape as [number, number, number, number];
    const captured: Float32Array[] = [];
    const probe = {
      layer: 'probe',
      activationShape: [h, w, c] as [number, number, number],
      crossingNames: [],
      body: (input: tf.Tensor4D) => {
        captured.push(input.dataSync() as Float32Array);
        return { activation: tf.tidy(() => tf.tile(tf.tensor4d(f32(act), [1, h, w, c]), [input.shape[0], 1, 1, 1])) as tf.Tensor4D, crossing: [] };
      },
      head: (a: tf.Tensor4D) => tf.zeros([a.shape[0], 1]) as tf.Tensor2D,
      classGradients: () => {
        throw new Error('unused');
      },
    };
    const ones = tf.ones([1, 32, 32, 1]) as tf.Tensor4D;
    const ex = await (await create({ batchSize: 5 })).explain({ split: probe, input: ones, targets: [0] });
    // The first body call is the pipeline's own (the plain image); then come the masked chunks, in channel order.
    const chunks = captured.slice(1);
    expect(chunks.map((a) => a.length / 1024)).toEqual([5, 5, 5, 1]);
    const all = new Float32Array(c * 1024);
    chunks.reduce((at, a) => (all.set(a, at), at + a.length), 0);
    expect(maxAbsDiff(all, masks)).toBeLessThan(1e-6);
    tf.dispose([ones, ex.maps]);
  });

  it('a constant activation channel gives an all-zero mask (no NaN): its score is the logit of the zero image', async () => {
    const spec: ToySpec = { scale: [0, 1, -1], offset: [2, 0, 1], W: [[1, -1], [0.5, 2], [-0.3, 0.7]], bias: [0.2, -0.2] };
    const [H, W] = [3, 3];
    const x = Array.from({ length: 9 }, (_, p) => p / 8);
    const split = toySplit(spec, [H, W]);
    const input = tf.tensor4d(x, [1, H, W, 1]);
    const t = 1;
    const ex = await (await create({ batchSize: 2 })).explain({ split, input, targets: [t], intermediates: true });
    // Closed form: masks of channels 1 and 2 are min-max'd ramps (x and 1 − x); channel 0 is constant → mask 0.
    const logitOf = (img: number[]): number => {
      const means = spec.scale.map((s, k) => img.reduce((a, v) => a + v * s + spec.offset[k]!, 0) / img.length);
      return means.reduce((a, m, k) => a + m * spec.W[k]![t]!, spec.bias[t]!);
    };
    const masksJs = spec.scale.map((sc, k) => {
      const a = x.map((v) => v * sc + spec.offset[k]!);
      const lo = Math.min(...a);
      const hi = Math.max(...a);
      return a.map((v) => (v - lo) / (hi - lo + 1e-8));
    });
    expect(masksJs[0]!.every((v) => v === 0)).toBe(true);
    const scores = masksJs.map((m) => logitOf(x.map((v, p) => v * m[p]!)));
    const z = scores.map((s) => Math.exp(s - Math.max(...scores)));
    const softmax = z.map((v) => v / z.reduce((a, b) => a + b, 0));
    const got = Array.from(await ex.weights!.data());
    expect(got.every(Number.isFinite)).toBe(true);
    got.forEach((v, k) => expect(v).toBeCloseTo(softmax[k]!, 5));
    tf.dispose([input, ex.maps, ex.raw!, ex.weights!]);
  });
});

describeOracleCases({ plugin, fixtureMethod: 'scorecam', pluginId: 'cam/score-cam', weights: 'relative-to-max' });
