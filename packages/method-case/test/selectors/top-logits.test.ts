import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry, isSaliencyError, type ContrastSelector } from '@saliency/core';
import { describeContrastSelector, testDeps } from '@saliency/core/testing';
import { plugin } from '../../src/plugin.js';
import { topLogits } from '../../src/selectors/top-logits.js';

describeContrastSelector(topLogits, {
  logits: () => tf.tensor2d([[0.1, 3, -2, 3, 0.5], [5, 4, 3, 2, 1]]),
  targets: [1, 4],
  k: 3,
  numClasses: 5,
});

async function select(logits: number[][], targets: number[], k: number): Promise<number[][]> {
  const r = new PluginRegistry();
  r.register(plugin);
  const sel: ContrastSelector = await r.create('contrast-selector', 'case/top-logits', testDeps());
  const t = tf.tensor2d(logits);
  try {
    return await sel.select({ targets, logits: t, k });
  } finally {
    t.dispose();
  }
}

describe('case/top-logits', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  it('takes the highest logits other than the target, ties by ascending index, NaN last', async () => {
    expect(await select([[0.1, 3, -2, 3, 0.5]], [1], 3)).toEqual([[3, 4, 0]]);
    expect(await select([[0.1, 3, -2, 3, 0.5]], [0], 2)).toEqual([[1, 3]]);
    expect(await select([[1, Number.NaN, 0, 2]], [3], 3)).toEqual([[0, 2, 1]]);
    expect(await select([[1, 2, 3], [3, 2, 1]], [2, 2], 2)).toEqual([[1, 0], [0, 1]]);
  });
  it('rejects k > numClasses − 1, out-of-range targets and a target count that differs from the batch', async () => {
    for (const [targets, k] of [
      [[0], 3],
      [[3], 1],
      [[0, 1], 1],
    ] as const) {
      let err: unknown;
      try {
        await select([[1, 2, 3]], [...targets], k);
      } catch (e) {
        err = e;
      }
      expect(isSaliencyError(err, 'SALIENCY_INVALID_TARGET'), `${targets} ${k}`).toBe(true);
    }
  });
});
