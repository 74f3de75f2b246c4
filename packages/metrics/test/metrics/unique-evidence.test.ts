import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSaliencyError, type MetricInput } from '@saliency/core';
import { describeMetric } from '@saliency/core/testing';
import { uniqueEvidence, type UniqueEvidenceOptions } from '../../src/metrics/unique-evidence.js';
import { createMetric, fnAdapter } from '../helpers/oracle.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const adapter = fnAdapter(3, (x) => tf.zeros([x.shape[0], 3]) as tf.Tensor2D, [4, 5, 3]);

/** A 4×5 mask from rows of '0'/'1' characters. */
const mask = (...rows: string[]): Uint8Array => Uint8Array.from(rows.join('').split('').map(Number));

// Image of class 0 whose parts are A (top-left 2×2) and B (bottom-right 2×2). Class 1 shares B, class 2 shares A.
const CLASS0 = mask('11000', '11000', '00011', '00011');
const CLASS1 = mask('00000', '00000', '00011', '00011');
const CLASS2 = mask('11000', '11000', '00000', '00000');
const MASKS = { 'class:0': CLASS0, 'class:1': CLASS1, 'class:2': CLASS2 };

// A map that is hottest on A (unique vs 1), then B (shared with 1), then a ramp outside.
const MAP = [
  9, 8, 1, 0, 0,
  7, 6, 2, 0, 0,
  0, 0, 3, 5, 4,
  0, 0, 0, 4, 4,
];

function base(over: Partial<MetricInput> = {}): MetricInput {
  return {
    adapter,
    input: tf.zeros([1, 4, 5, 3]) as tf.Tensor4D,
    targets: [0],
    maps: tf.tensor3d(MAP, [1, 4, 5]),
    masks: [MASKS],
    contrasts: [[1]],
    ...over,
  };
}

async function evaluate(input: MetricInput, options: Partial<UniqueEvidenceOptions> = {}) {
  return (await createMetric(uniqueEvidence, options)).evaluate(input);
}

describeMetric(uniqueEvidence, {
  input: async () => ({ ...base(), input: tf.zeros([2, 4, 5, 3]) as tf.Tensor4D, targets: [0, 0], maps: tf.tensor3d([...MAP, ...MAP.map((v) => 10 - v)], [2, 4, 5]), masks: [MASKS, MASKS], contrasts: [[1], [2]] }),
  badOptions: [{ kPercent: 0 }, { kPercent: 101 }, { tieOrder: 'stable' }],
});

describe('metrics/unique-evidence known values (hand-built masks)', () => {
  it('top-20% (4 pixels) of a map hottest on the unique part: all unique; mass split by region', async () => {
    const r = await evaluate(base(), { kPercent: 20 });
    // Top 4 values: 9, 8, 7, 6 — all in A, which is unique to class 0 against class 1.
    expect(Array.from(r.scores)).toEqual([1]);
    const c = r.columns!;
    expect([c.uniqueTopK![0], c.sharedTopK![0], c.outsideTopK![0]]).toEqual([1, 0, 0]);
    // Mass: A = 30, B = 5 + 4 + 4 + 4 = 17, outside = 1 + 2 + 3 = 6; total 53.
    expect(c.uniqueMass![0]).toBeCloseTo(30 / 53, 12);
    expect(c.sharedMass![0]).toBeCloseTo(17 / 53, 12);
    expect(c.outsideMass![0]).toBeCloseTo(6 / 53, 12);
    expect(c.uniqueArea![0]).toBe(4 / 20);
    expect(c.sharedArea![0]).toBe(4 / 20);
    expect(c.contrast![0]).toBe(1);
    expect(r.details![0]).toEqual({ contrast: 1, numPixels: 4, uniquePixels: 4, sharedPixels: 4 });
  });

  it('the same map against the other contrast: A is now shared, B unique', async () => {
    const r = await evaluate(base({ contrasts: [[2]] }), { kPercent: 40 });
    // Top 8: 9, 8, 7, 6 (A, shared with 2), then 5, 4, 4, 4 (B, unique): ties at 4 are all in B.
    const c = r.columns!;
    expect([c.uniqueTopK![0], c.sharedTopK![0], c.outsideTopK![0]]).toEqual([0.5, 0.5, 0]);
    expect(c.uniqueMass![0]).toBeCloseTo(17 / 53, 12);
  });

  it('selected outside pixels and tie order: value-then-index vs numpy', async () => {
    // 45% of 20 = 9 pixels: the 8 part pixels, then the best outside pixel (3 at flat index 12).
    const r = await evaluate(base(), { kPercent: 45 });
    expect(r.columns!.outsideTopK![0]).toBeCloseTo(1 / 9, 12);
    // A flat map: every pixel ties; value-then-index takes the first K in row-major order.
    const flat = base({ maps: tf.fill([1, 4, 5], 1) as tf.Tensor3D });
    const f = await evaluate(flat, { kPercent: 10 }); // K = 2: flat indices 0, 1 → both in A
    expect(Array.from(f.scores)).toEqual([1]);
    const fn = await evaluate(flat, { kPercent: 10, tieOrder: 'numpy' });
    expect(fn.details![0]!.numPixels).toBe(2);
    expect(Number.isFinite(fn.scores[0]!)).toBe(true);
  });

  it('negative and NaN values are cleaned to 0; an all-zero map has NaN mass fractions but a finite score', async () => {
    const r = await evaluate(base({ maps: tf.tensor3d(MAP.map((v) => -v), [1, 4, 5]) }), { kPercent: 10 });
    expect(Number.isFinite(r.scores[0]!)).toBe(true);
    expect(Number.isNaN(r.columns!.uniqueMass![0]!)).toBe(true);
  });

  it('named errors: missing masks, missing contrasts, missing class masks, contrast = target, bad lengths', async () => {
    await expect(evaluate(base({ masks: undefined }))).rejects.toThrow(/metrics\/unique-evidence.*MetricInput\.masks/);
    await expect(evaluate(base({ contrasts: undefined }))).rejects.toThrow(/metrics\/unique-evidence.*MetricInput\.contrasts/);
    await expect(evaluate(base({ masks: [{ 'class:0': CLASS0 }] }))).rejects.toThrow(/image 0 has no 'class:1' mask \(has class:0\)/);
    await expect(evaluate(base({ masks: [{}] }))).rejects.toSatisfy((e) => isSaliencyError(e, 'SALIENCY_INVALID_INPUT'));
    await expect(evaluate(base({ contrasts: [[0]] }))).rejects.toSatisfy((e) => isSaliencyError(e, 'SALIENCY_INVALID_TARGET'));
    await expect(evaluate(base({ contrasts: [[]] }))).rejects.toThrow(/image 0 has no contrast class/);
    await expect(evaluate(base({ masks: [MASKS, MASKS] }))).rejects.toThrow(/masks has 2 entries for 1 images/);
    await expect(evaluate(base({ masks: [{ ...MASKS, 'class:1': new Uint8Array(3) }] }))).rejects.toThrow(/has 3 pixels, the maps 4x5 = 20/);
    await expect(evaluate(base({ targets: [3] }))).rejects.toSatisfy((e) => isSaliencyError(e, 'SALIENCY_INVALID_TARGET'));
    await expect(evaluate(base(), { kPercent: 4 })).rejects.toThrow(/selects no pixel/);
  });
});
