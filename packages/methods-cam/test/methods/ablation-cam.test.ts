import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry, type SaliencyMethod } from '@saliency/core';
import { describeSaliencyMethod, testDeps } from '@saliency/core/testing';
import { ablationCam, ablationFills } from '../../src/methods/ablation-cam.js';
import { plugin } from '../../src/plugin.js';
import { conformanceFixture, useBackend } from '../helpers/fixture-models.js';
import { describeOracleCases } from '../helpers/oracle-suite.js';
import { f32, readCases } from '../helpers/oracle.js';
import { toySplit, type ToySpec } from '@saliency/core/testing';

describeSaliencyMethod(ablationCam, {
  fixture: conformanceFixture(),
  options: { batchSize: 5 },
  badOptions: [{ batchSize: 0 }, { batchSize: 1.5 }, { ablation: 'mean' }],
});

async function create(options: Record<string, unknown>): Promise<SaliencyMethod> {
  const registry = new PluginRegistry();
  registry.register(plugin);
  return registry.create('saliency-method', ['cam/ablation-cam', options], testDeps());
}

describe('ablation fill values (pytorch-grad-cam AblationLayer)', () => {
  it('are 0 when the minimum is exactly 0 (also -0), and always 0 in zero mode', () => {
    expect(Array.from(ablationFills(0, 4, 'pytorch-grad-cam'))).toEqual([0, 0, 0, 0]);
    expect(Array.from(ablationFills(-0, 2, 'pytorch-grad-cam'))).toEqual([0, 0]);
    expect(Array.from(ablationFills(-3.5, 3, 'zero'))).toEqual([0, 0, 0]);
  });
  it('cascade as m0 − (j+1)·1e7 in float32 (ALGORITHMS.md §1.10: −1.0000001e7, −2e7, −3e7, −4e7 for m0 ≈ −1)', () => {
    expect(Array.from(ablationFills(-1, 4, 'pytorch-grad-cam'))).toEqual([-10000001, -20000000, -30000000, -40000000]);
    expect(Array.from(ablationFills(0.5, 2, 'pytorch-grad-cam'))).toEqual([Math.fround(0.5 - 1e7), Math.fround(Math.fround(0.5 - 1e7) - 1e7)]);
  });
  it("reproduce the reference's recorded fills on block_add (negative minimum) from the recorded activations", async () => {
    const cj = await readCases('resish');
    const extras = (cj.extra_cases ?? []).filter((c) => c.method === 'ablationcam');
    expect(extras.length).toBe(4);
    for (const c of extras) {
      const act = f32(c.activations as { shape: number[]; data: number[] });
      const min = act.reduce((m, v) => Math.min(m, v), Infinity);
      expect(Array.from(ablationFills(min, 8, 'pytorch-grad-cam'))).toEqual(c.ablation_fill_values_in_channel_order as number[]);
    }
  });
});

describe('ablation-cam on a linear head (y = Σ_k mean(A_k)·W[k][t] + b_t)', () => {
  beforeAll(() => useBackend('cpu'));
  // Ablating channel k with fill f changes the logit by (f − mean A_k)·W[k][t], so every weight has a closed form.
  const spec: ToySpec = {
    scale: [1, -1, 0.5, 2, 1],
    offset: [-0.5, 0.2, 1, -1, 0.3],
    W: [[1, -0.5], [2, 0.3], [-1, 0.1], [0.5, -0.2], [0.25, 0.4]],
    bias: [0.1, -2],
  };
  const [H, W] = [2, 2];
  const x = [0, 0.25, 0.5, 1];
  const means = spec.scale.map((s, k) => x.reduce((a, v) => a + v * s + spec.offset[k]!, 0) / x.length);
  const logit = (t: number): number => means.reduce((a, m, k) => a + m * spec.W[k]![t]!, spec.bias[t]!);
  const minA = Math.min(...spec.scale.flatMap((s, k) => x.map((v) => v * s + spec.offset[k]!)));

  async function weights(t: number, options: Record<string, unknown>): Promise<number[]> {
    const input = tf.tensor4d(x, [1, H, W, 1]);
    const ex = await (await create(options)).explain({ split: toySplit(spec, [H, W]), input, targets: [t], intermediates: true });
    const w = Array.from(await ex.weights!.data());
    expect(ex.extras!.originalScore![0]).toBeCloseTo(logit(t), 5);
    tf.dispose([input, ex.maps, ex.raw!, ex.weights!]);
    return w;
  }

  it("zero mode: w_k = mean(A_k)·W[k][t] / y0; a negative target logit flips every weight's sign", async () => {
    for (const t of [0, 1]) {
      const y0 = logit(t);
      const got = await weights(t, { ablation: 'zero' });
      got.forEach((v, k) => expect(v).toBeCloseTo((means[k]! * spec.W[k]![t]!) / y0, 4));
    }
    expect(logit(1)).toBeLessThan(0);
    // Channel 0 raises class 1's (negative) logit... and gets a negative weight because y0 < 0.
    expect(means[0]! * spec.W[0]![1]!).toBeGreaterThan(0);
    expect((await weights(1, { ablation: 'zero' }))[0]).toBeLessThan(0);
  });

  it('batchSize sets where the fill cascade restarts: batches of 2 use fills (m0−1e7, m0−2e7), (m0−1e7, m0−2e7), (m0−1e7)', async () => {
    for (const [batchSize, fillIndex] of [
      [2, [0, 1, 0, 1, 0]],
      [32, [0, 1, 2, 3, 4]],
    ] as const) {
      const fills = ablationFills(minA, 5, 'pytorch-grad-cam');
      const t = 0;
      const y0 = logit(t);
      const expected = spec.W.map((row, k) => {
        const yk = y0 + (fills[fillIndex[k]!]! - means[k]!) * row[t]!;
        return (y0 - yk) / y0;
      });
      const got = await weights(t, { batchSize });
      got.forEach((v, k) => expect(v / expected[k]!).toBeCloseTo(1, 3));
    }
  });
});

describeOracleCases({ plugin, fixtureMethod: 'ablationcam', pluginId: 'cam/ablation-cam', weights: 'ablation' });
