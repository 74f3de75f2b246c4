import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSaliencyError, type MetricInput } from '@saliency/core';
import { describeMetric } from '@saliency/core/testing';
import { featureAgreement, type FeatureAgreementOptions } from '../../src/metrics/feature-agreement.js';
import { createMetric, fnAdapter, finalMap, imageData, loadCases, ORACLE_MODELS, stack, type AgreementRecord, type OracleModel } from '../helpers/oracle.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const adapter = fnAdapter(10, (x) => tf.zeros([x.shape[0], 10]) as tf.Tensor2D, [32, 32, 3]);

async function evaluate(input: MetricInput, options: Partial<FeatureAgreementOptions> = {}) {
  return (await createMetric(featureAgreement, options)).evaluate(input);
}

/** The batch of one model's agreement records with one k: top-1 maps, top-2 maps, and the input images. */
function batchOf(model: OracleModel, records: readonly AgreementRecord[]): MetricInput {
  const file = loadCases(model);
  return {
    adapter,
    input: stack(records.map((r) => imageData(r.image_index)), [32, 32, 3]) as tf.Tensor4D,
    targets: records.map((r) => r.top1_class),
    maps: stack(records.map((r) => finalMap(file, r.image_index, r.method, 'top1')), [32, 32]) as tf.Tensor3D,
    otherMaps: stack(records.map((r) => finalMap(file, r.image_index, r.method, 'top2')), [32, 32]) as tf.Tensor3D,
  };
}

describeMetric(featureAgreement, {
  input: async () => batchOf('vggish', loadCases('vggish').agreement.filter((r) => r.k_percent === 5).slice(0, 6)),
  badOptions: [{ kPercent: 0 }, { kPercent: 101 }, { kPercent: -5 }, { tieOrder: 'stable' }],
});

describe('feature-agreement against the oracle agreement[] records (class_sensitive.py)', () => {
  for (const model of ORACLE_MODELS) {
    it(`${model}: numpy order reproduces every record exactly; the default order every robust one`, async () => {
      const all = loadCases(model).agreement;
      let exactNumpy = 0;
      let robust = 0;
      let robustDefault = 0;
      let nonRobustSetDiffers = 0;
      let nonRobustValueDiffers = 0;
      let maxNonRobustDiff = 0;
      let maxDiff = 0;
      for (const k of [...new Set(all.map((r) => r.k_percent))]) {
        const records = all.filter((r) => r.k_percent === k);
        const input = batchOf(model, records);
        const numpy = await evaluate(input, { kPercent: k, tieOrder: 'numpy' });
        const dflt = await evaluate(input, { kPercent: k });
        records.forEach((r, i) => {
          const dn = numpy.details![i]!;
          expect(dn.numPixels).toBe(r.num_pixels);
          expect(dn.selected).toEqual(r.top1_selected_flat);
          expect(dn.otherSelected).toEqual(r.top2_selected_flat);
          expect(Math.abs(numpy.scores[i]! - r.agreement)).toBeLessThanOrEqual(1e-9);
          maxDiff = Math.max(maxDiff, Math.abs(numpy.scores[i]! - r.agreement));
          exactNumpy++;
          const dd = dflt.details![i]!;
          const sameSets =
            new Set(dd.selected as number[]).size === r.num_pixels &&
            [...(dd.selected as number[])].sort().join() === [...r.top1_selected_flat].sort().join() &&
            [...(dd.otherSelected as number[])].sort().join() === [...r.top2_selected_flat].sort().join();
          if (r.selection_robust) {
            robust++;
            expect(sameSets).toBe(true);
            expect(Math.abs(dflt.scores[i]! - r.agreement)).toBeLessThanOrEqual(1e-9);
            robustDefault++;
          } else {
            if (!sameSets) nonRobustSetDiffers++;
            const d = Math.abs(dflt.scores[i]! - r.agreement);
            if (d > 1e-9) nonRobustValueDiffers++;
            maxNonRobustDiff = Math.max(maxNonRobustDiff, d);
          }
        });
        tf.dispose([input.input, input.maps!, input.otherMaps!]);
      }
      console.log(
        `[agreement] ${model}: numpy order ${exactNumpy}/${all.length} records exact (selected lists in numpy's order, max |Δ| ${maxDiff}); ` +
          `default order ${robustDefault}/${robust} robust records exact; on the ${all.length - robust} non-robust (tie-decided) records it selects ` +
          `different sets on ${nonRobustSetDiffers} and different agreement values on ${nonRobustValueDiffers} (max |Δ| ${maxNonRobustDiff.toFixed(2)} points)`,
      );
      expect(exactNumpy).toBe(all.length);
      expect(robustDefault).toBe(robust);
    });
  }
});

describe('feature-agreement: bad inputs', () => {
  const maps = (shape: [number, number, number], value = 0.5): tf.Tensor3D => tf.fill(shape, value) as tf.Tensor3D;
  const base = (): MetricInput => ({ adapter, input: tf.zeros([2, 8, 8, 3]) as tf.Tensor4D, targets: [0, 0], maps: maps([2, 8, 8]), otherMaps: maps([2, 8, 8]) });

  it('names both shapes when the maps differ in shape', async () => {
    const input = { ...base(), otherMaps: maps([2, 8, 9]) };
    await expect(evaluate(input)).rejects.toThrow(/maps has shape \[2,8,8\] but otherMaps has shape \[2,8,9\]/);
  });
  it('names the metric and the field when otherMaps is missing', async () => {
    const input = { ...base(), otherMaps: undefined };
    const err = await evaluate(input).catch((e: unknown) => e);
    expect(isSaliencyError(err, 'SALIENCY_INVALID_INPUT')).toBe(true);
    expect((err as Error).message).toMatch(/metrics\/feature-agreement.*MetricInput\.otherMaps/);
  });
  it('names the metric and the field when maps is missing', async () => {
    await expect(evaluate({ ...base(), maps: undefined })).rejects.toThrow(/metrics\/feature-agreement.*MetricInput\.maps/);
  });
  it('rejects an empty batch', async () => {
    await expect(evaluate({ ...base(), maps: maps([0, 8, 8]), otherMaps: maps([0, 8, 8]) })).rejects.toThrow(/empty batch/);
  });
  it('rejects maps that are not [B,H,W]', async () => {
    await expect(evaluate({ ...base(), maps: tf.zeros([2, 8, 8, 1]) as unknown as tf.Tensor3D })).rejects.toThrow(/must be \[B,H,W\]/);
  });
  it('rejects a kPercent that selects no pixel', async () => {
    await expect(evaluate(base(), { kPercent: 1 })).rejects.toThrow(/selects no pixel/);
  });
  it('cleans NaN and negative map values to 0 (no NaN reaches the score)', async () => {
    const a = tf.tensor3d([Number.NaN, -1, 3, 2], [1, 2, 2]);
    const b = tf.tensor3d([0, 0, 5, Number.NaN], [1, 2, 2]);
    const r = await evaluate({ adapter, input: tf.zeros([1, 2, 2, 3]) as tf.Tensor4D, targets: [0], maps: a, otherMaps: b }, { kPercent: 50 });
    // a cleaned = [0,0,3,2] → {2,3}; b cleaned = [0,0,5,0] → {2, 0} (ties by ascending index)
    expect(r.details![0]!.selected).toEqual([2, 3]);
    expect(r.details![0]!.otherSelected).toEqual([2, 0]);
    expect(r.scores[0]).toBe(50);
  });
});
