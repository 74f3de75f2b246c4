import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSaliencyError, type DatasetSample, type ModelAdapter } from '@saliency/core';
import { computeConfusionMatrix, confusionMatrixFromPredictions } from '../../src/util/confusion.js';
import { f32, loadFixtureModel, readCases, readInputs, useBackend } from '../helpers/oracle.js';

describe('confusionMatrixFromPredictions', () => {
  it('counts rows = true label, columns = prediction', () => {
    expect(confusionMatrixFromPredictions([0, 0, 1, 2, 2, 2], [0, 1, 1, 0, 2, 2], 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
  });
  it('rejects mismatched lengths and out-of-range classes', () => {
    for (const [labels, preds, n] of [
      [[0, 1], [0], 2],
      [[0, 2], [0, 1], 2],
      [[0, 1], [0, -1], 2],
      [[0, 0.5], [0, 1], 2],
      [[0], [0], 0],
    ] as const) {
      expect(() => confusionMatrixFromPredictions(labels as unknown as number[], preds as unknown as number[], n)).toThrow(
        expect.objectContaining({ code: 'SALIENCY_INVALID_TARGET' }),
      );
    }
  });
});

describe('computeConfusionMatrix through the adapter', () => {
  let adapter: ModelAdapter;
  beforeAll(async () => {
    await useBackend('cpu');
    adapter = await loadFixtureModel('vggish');
  });
  afterAll(() => adapter.dispose());

  async function* samples(labels?: number[]): AsyncIterable<DatasetSample> {
    const inputs = await readInputs();
    const [, h, w, c] = inputs.shape;
    for (let j = 0; j < inputs.imageIndices.length; j++) {
      yield { id: `img${inputs.imageIndices[j]}`, image: inputs.data.slice(j * h * w * c, (j + 1) * h * w * c), shape: [h, w, c], label: labels ? labels[j] : inputs.labels[j] };
    }
  }

  it("counts the model's top-1 predictions (the fixture's tfjs logits) against the labels, in any batch size", async () => {
    const cj = await readCases('vggish');
    const inputs = await readInputs();
    const expected = Array.from({ length: 10 }, () => new Array(10).fill(0));
    inputs.imageIndices.forEach((idx, j) => {
      const logits = Array.from(f32(cj.images.find((im) => im.image_index === idx)!.logits_tfjs));
      expected[inputs.labels[j]!]![logits.indexOf(Math.max(...logits))] += 1;
    });
    for (const batchSize of [1, 3, 32]) {
      const r = await computeConfusionMatrix(adapter, samples(), { batchSize });
      expect(r.matrix).toEqual(expected);
      expect(r.count).toBe(4);
      expect(r.sampleIds).toEqual(['img0', 'img1', 'img2', 'img3']);
    }
  });

  it('rejects samples without labels, of the wrong shape, and stops on abort', async () => {
    const unlabelled: DatasetSample[] = [{ id: 'x', image: new Float32Array(32 * 32 * 3), shape: [32, 32, 3] }];
    await expect(computeConfusionMatrix(adapter, unlabelled)).rejects.toSatisfy((e: unknown) => isSaliencyError(e, 'SALIENCY_INVALID_INPUT') && /sample x has no label/.test((e as Error).message));
    const wrong: DatasetSample[] = [{ id: 'y', image: new Float32Array(16 * 16 * 3), shape: [16, 16, 3], label: 1 }];
    await expect(computeConfusionMatrix(adapter, wrong)).rejects.toSatisfy((e: unknown) => isSaliencyError(e, 'SALIENCY_INVALID_INPUT') && /sample y has shape \[16, 16, 3\]/.test((e as Error).message));
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(computeConfusionMatrix(adapter, samples(), { signal: ctrl.signal })).rejects.toSatisfy((e: unknown) => isSaliencyError(e, 'SALIENCY_ABORTED'));
  });
});
