import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSaliencyError, type MetricInput, type ModelAdapter } from '@saliency/core';
import { countLeaks, describeMetric } from '@saliency/core/testing';
import { confidenceDrop, type ConfidenceDropOptions } from '../../src/metrics/confidence-drop.js';
import {
  createMetric,
  finalMap,
  fnAdapter,
  imageData,
  layersAdapter,
  loadCases,
  loadOracleModel,
  ORACLE_MODELS,
  stack,
  type DropRecord,
  type OracleModel,
} from '../helpers/oracle.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 1e-5;

async function evaluate(input: MetricInput, options: Partial<ConfidenceDropOptions> = {}) {
  return (await createMetric(confidenceDrop, options)).evaluate(input);
}

/** A batch of confidence_drop[] records: the images, their recorded top-1 `final` maps, target = gt_pred. */
function batchOf(model: OracleModel, adapter: ModelAdapter, records: readonly DropRecord[]): MetricInput {
  const file = loadCases(model);
  return {
    adapter,
    input: stack(records.map((r) => imageData(r.image_index)), [32, 32, 3]) as tf.Tensor4D,
    targets: records.map((r) => r.gt_pred),
    maps: stack(records.map((r) => finalMap(file, r.image_index, r.method, 'top1')), [32, 32]) as tf.Tensor3D,
  };
}

interface Summary {
  records: number;
  checks: number;
  robust: number;
  tieDecided: number;
  nearTie: number;
  robustDefault: number;
  maxConfBefore: number;
  maxConfAfter: Record<string, number>;
  maxDelta: Record<string, number>;
}

/** Checks every confidence_drop[] record of a model on the current backend; returns the measured differences. */
async function checkModel(model: OracleModel): Promise<Summary> {
  const adapter = layersAdapter(await loadOracleModel(model), model);
  const all = loadCases(model).confidence_drop;
  const s: Summary = { records: all.length, checks: 0, robust: 0, tieDecided: 0, nearTie: 0, robustDefault: 0, maxConfBefore: 0, maxConfAfter: {}, maxDelta: {} };
  for (const r of all) {
    if (r.selection_robust) s.robust++;
    else if (r.tie_ambiguous) s.tieDecided++;
    else s.nearTie++; // gap in (0, 1e-5): exact here, since the recorded maps themselves are ranked
  }
  for (const k of [...new Set(all.map((r) => r.k_percent))]) {
    const records = all.filter((r) => r.k_percent === k);
    const input = batchOf(model, adapter, records);
    for (const replacement of ['zero', 'blur'] as const) {
      for (const legacy of [true, false]) {
        const key = `${replacement}${legacy ? '' : '_untransposed'}`;
        const res = await evaluate(input, { kPercent: k, replacement, legacyTransposedMask: legacy, tieOrder: 'numpy' });
        // The selection does not depend on the replacement: the default order is checked on one replacement.
        const dflt = replacement === 'zero' ? await evaluate(input, { kPercent: k, replacement, legacyTransposedMask: legacy }) : undefined;
        records.forEach((r, i) => {
          const d = res.details![i]!;
          expect(d.numPixels).toBe(r.num_pixels);
          expect(d.selected).toEqual(r.selected_flat);
          expect(d.masked).toEqual(legacy ? r.masked_flat : [...r.selected_flat].sort((a, b) => a - b));
          const conf = r[replacement];
          const newConf = legacy ? conf.new_conf : conf.new_conf_untransposed;
          const delta = legacy ? conf.delta : conf.delta_untransposed;
          const c0 = res.columns!.confBefore![i]!;
          const c1 = res.columns!.confAfter![i]!;
          expect(Math.abs(c0 - r.gt_conf)).toBeLessThanOrEqual(TOL);
          expect(Math.abs(c1 - newConf)).toBeLessThanOrEqual(TOL);
          // delta = max(p0 − p1, 0)/p0: its error is bounded by the two probability errors over p0
          expect(Math.abs(res.scores[i]! - delta)).toBeLessThanOrEqual((2 * TOL) / r.gt_conf);
          expect(res.columns!.rawDrop![i]).toBe(c0 - c1);
          s.maxConfBefore = Math.max(s.maxConfBefore, Math.abs(c0 - r.gt_conf));
          s.maxConfAfter[key] = Math.max(s.maxConfAfter[key] ?? 0, Math.abs(c1 - newConf));
          s.maxDelta[key] = Math.max(s.maxDelta[key] ?? 0, Math.abs(res.scores[i]! - delta));
          s.checks++;
          if (dflt && r.selection_robust) {
            expect(new Set(dflt.details![i]!.selected as number[])).toEqual(new Set(r.selected_flat));
            expect(Math.abs(dflt.columns!.confAfter![i]! - newConf)).toBeLessThanOrEqual(TOL);
            expect(Math.abs(dflt.scores[i]! - delta)).toBeLessThanOrEqual((2 * TOL) / r.gt_conf);
            if (legacy) s.robustDefault++;
          }
        });
      }
    }
    tf.dispose([input.input, input.maps!]);
  }
  adapter.dispose();
  return s;
}

function report(backend: string, model: string, s: Summary): string {
  const f = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ');
  return (
    `[confidence-drop] ${backend} ${model}: ${s.records} records × 4 variants = ${s.checks} checks, selections exact in numpy order ` +
    `(robust ${s.robust}, tie-decided ${s.tieDecided}, near-tie ${s.nearTie}); default order matches ${s.robustDefault}/${s.robust} robust; ` +
    `max |Δ gt_conf| ${s.maxConfBefore.toExponential(2)}; max |Δ new_conf|: ${f(s.maxConfAfter)}; max |Δ delta|: ${f(s.maxDelta)}`
  );
}

let vgg: ModelAdapter | undefined;
describeMetric(confidenceDrop, {
  input: async () => {
    vgg ??= layersAdapter(await loadOracleModel('vggish'), 'vggish');
    return batchOf('vggish', vgg, loadCases('vggish').confidence_drop.filter((r) => r.k_percent === 50).slice(0, 4));
  },
  options: { replacement: 'blur', legacyTransposedMask: true },
  badOptions: [{ kPercent: 0 }, { kPercent: 150 }, { replacement: 'noise' }, { legacyTransposedMask: 'yes' }, { tieOrder: 'random' }],
});

describe('confidence-drop against the oracle confidence_drop[] records', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    for (const model of ORACLE_MODELS) {
      it(`${backend} ${model}: selections, masks, gt_conf, new_conf and delta for zero/blur, transposed and not`, async () => {
        await tf.setBackend(backend);
        const s = await checkModel(model);
        console.log(report(backend, model, s));
        expect(s.checks).toBe(s.records * 4);
        expect(s.robustDefault).toBe(s.robust);
      });
    }
  }
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
});

describe('confidence-drop: semantics and bad inputs', () => {
  // 4x4 map with distinct values: the top 50% (K = 8) are the values 8..15
  const mapValues = [15, 14, 0, 1, 13, 12, 2, 3, 11, 10, 4, 5, 9, 8, 6, 7];
  const top8 = [0, 1, 4, 5, 8, 9, 12, 13];
  const seen: Float32Array[] = [];
  const recording = fnAdapter(2, (x) => {
    seen.push(x.dataSync() as Float32Array);
    return tf.stack([tf.sum(x, [1, 2, 3]), tf.zeros([x.shape[0]])], 1) as tf.Tensor2D;
  }, [4, 4, 1]);
  const base = (over: Partial<MetricInput> = {}): MetricInput => ({
    adapter: recording,
    input: tf.fill([1, 4, 4, 1], 0.25) as tf.Tensor4D,
    targets: [0],
    maps: tf.tensor3d(mapValues, [1, 4, 4]),
    ...over,
  });

  it("'zero' sets exactly the top-k pixels to 0; legacyTransposedMask sets their mirror images", async () => {
    for (const legacy of [false, true]) {
      seen.length = 0;
      const r = await evaluate(base(), { legacyTransposedMask: legacy });
      const expected = legacy ? top8.map((f) => (f % 4) * 4 + Math.floor(f / 4)) : top8;
      expect(Array.from(seen[1]!).flatMap((v, i) => (v === 0 ? [i] : []))).toEqual([...expected].sort((a, b) => a - b));
      expect(Array.from(seen[0]!)).toEqual(new Array(16).fill(0.25));
      // logits [sum, 0]: p0 = σ(4), p1 = σ(2)
      const p0 = Math.fround(1 / (1 + Math.exp(-4)));
      const p1 = Math.fround(1 / (1 + Math.exp(-2)));
      expect(r.columns!.confBefore![0]).toBeCloseTo(p0, 6);
      expect(r.columns!.confAfter![0]).toBeCloseTo(p1, 6);
      expect(r.scores[0]).toBeCloseTo((p0 - p1) / p0, 6);
    }
  });
  it('uses the caller\'s clean logits when given: only the perturbed batch is predicted, p0 from the given logits', async () => {
    seen.length = 0;
    const logits = tf.tensor2d([[1, 0]]);
    const input = { ...base(), logits };
    const metric = await createMetric(confidenceDrop);
    let r!: Awaited<ReturnType<typeof evaluate>>;
    expect(await countLeaks(async () => void (r = await metric.evaluate(input)))).toBe(0);
    expect(seen.length).toBe(1); // the perturbed batch only
    expect(Array.from(seen[0]!).filter((v) => v === 0).length).toBe(8);
    expect(r.columns!.confBefore![0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6); // σ(1), not the model's σ(4)
    expect(r.columns!.confAfter![0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(logits.isDisposed).toBe(false); // the caller's tensor
    logits.dispose();
    const wrong = tf.tensor2d([[1, 0, 0]]);
    await expect(evaluate({ ...base(), logits: wrong })).rejects.toThrow(/input\.logits has shape \[1,3\] and adapter\.predict of the perturbed input \[1,2\]; expected \[1,2\]/);
    wrong.dispose();
  });
  it('defines p0 = 0 as score 0 with details.zeroBaseline (no NaN)', async () => {
    const underflow = fnAdapter(2, (x) => tf.tile(tf.tensor2d([[0, -200]]), [x.shape[0], 1]) as tf.Tensor2D, [4, 4, 1]);
    const r = await evaluate(base({ adapter: underflow, targets: [1] }));
    expect(r.columns!.confBefore![0]).toBe(0);
    expect(r.scores[0]).toBe(0);
    expect(r.details![0]!.zeroBaseline).toBe(true);
  });
  it('throws, naming the image, when the model returns NaN, and leaks nothing on the way', async () => {
    const nan = fnAdapter(2, (x) => tf.fill([x.shape[0], 2], Number.NaN) as tf.Tensor2D, [4, 4, 1]);
    const input = base({ adapter: nan });
    const metric = await createMetric(confidenceDrop);
    let err: unknown;
    const leaked = await countLeaks(async () => {
      try {
        await metric.evaluate(input);
      } catch (e) {
        err = e;
      }
    });
    expect(isSaliencyError(err, 'SALIENCY_INVALID_INPUT')).toBe(true);
    expect((err as Error).message).toMatch(/metrics\/confidence-drop.*non-finite probability.*image 0/);
    expect(leaked).toBe(0);
  });
  it('names both shapes when the maps do not match the input', async () => {
    await expect(evaluate(base({ input: tf.zeros([1, 4, 5, 1]) as tf.Tensor4D }))).rejects.toThrow(/maps has shape \[1,4,4\] but input\[B,H,W\] has shape \[1,4,5\]/);
  });
  it('names the metric and field when maps is missing', async () => {
    await expect(evaluate(base({ maps: undefined }))).rejects.toThrow(/metrics\/confidence-drop.*MetricInput\.maps/);
  });
  it('rejects an empty batch', async () => {
    await expect(evaluate(base({ maps: tf.zeros([0, 4, 4]) as tf.Tensor3D, input: tf.zeros([0, 4, 4, 1]) as tf.Tensor4D, targets: [] }))).rejects.toThrow(/empty batch/);
  });
  it('rejects targets out of range or of the wrong length', async () => {
    await expect(evaluate(base({ targets: [2] }))).rejects.toSatisfy((e) => isSaliencyError(e, 'SALIENCY_INVALID_TARGET'));
    await expect(evaluate(base({ targets: [0, 1] }))).rejects.toThrow(/targets has 2 classes for 1 images/);
  });
  it('refuses legacyTransposedMask on non-square maps', async () => {
    const input = base({ maps: tf.zeros([1, 4, 5]) as tf.Tensor3D, input: tf.zeros([1, 4, 5, 1]) as tf.Tensor4D });
    await expect(evaluate(input, { legacyTransposedMask: true })).rejects.toSatisfy((e) => isSaliencyError(e, 'SALIENCY_UNSUPPORTED'));
  });
  it('rejects a kPercent that selects no pixel', async () => {
    await expect(evaluate(base(), { kPercent: 5 })).rejects.toThrow(/selects no pixel/);
  });
});
