import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry, isSaliencyError, type ContrastSelector, type ModelAdapter } from '@saliency/core';
import { describeContrastSelector, testDeps } from '@saliency/core/testing';
import { plugin } from '../../src/plugin.js';
import { confusionMatrix } from '../../src/selectors/confusion-matrix.js';

// Row 0 has ties (counts 4 at classes 2 and 5); row 3 has no confusions at all.
const M = [
  [50, 1, 4, 0, 2, 4],
  [3, 60, 3, 9, 0, 1],
  [7, 7, 40, 1, 1, 1],
  [0, 0, 0, 30, 0, 0],
  [1, 2, 3, 4, 5, 6],
  [9, 0, 0, 0, 8, 70],
];

describeContrastSelector(confusionMatrix, {
  logits: () => tf.zeros([3, 6]) as tf.Tensor2D,
  targets: [0, 3, 5],
  k: 2,
  numClasses: 6,
  options: { matrix: M },
  badOptions: [{ order: 'random' }, { matrix: [] }, { path: '' }, { matrix: 'x' }],
});

async function create(options: Record<string, unknown>, adapter?: ModelAdapter): Promise<ContrastSelector> {
  const r = new PluginRegistry();
  r.register(plugin);
  return r.create('contrast-selector', ['case/confusion-matrix', options], testDeps(adapter));
}

async function select(sel: ContrastSelector, targets: number[], k: number, n = 6): Promise<number[][]> {
  const logits = tf.zeros([targets.length, n]) as tf.Tensor2D;
  try {
    return await sel.select({ targets, logits, k });
  } finally {
    logits.dispose();
  }
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('case/confusion-matrix', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('default order: the target excluded, descending count, ties by ascending class index', async () => {
    const sel = await create({ matrix: M });
    expect(await select(sel, [0, 1, 2, 4, 5], 3)).toEqual([
      [2, 5, 4],
      [3, 0, 2],
      [0, 1, 3],
      [5, 3, 2],
      [0, 4, 1],
    ]);
    // A row without confusions still never yields the target: the lowest indices fill up.
    expect(await select(sel, [3], 5)).toEqual([[0, 1, 2, 4, 5]]);
  });

  it("numpy order (parity): normalised row, diagonal zeroed, numpy argsort's last k reversed — which may pick the target", async () => {
    const sel = await create({ matrix: M, order: 'numpy' });
    // Distinct counts agree with the default order...
    expect(await select(sel, [5], 2)).toEqual([[0, 4]]);
    // ...ties do not: row 1 has 3 at classes 0 and 2; the default picks 0, numpy 2.
    expect(await select(sel, [1], 2)).toEqual([[3, 2]]);
    // With zeros (and the zeroed diagonal) among the top k, numpy's tie order decides: insertion sort for ≤ 16
    // elements keeps equal keys in index order, so reversing puts the highest index first, the target included.
    expect(await select(sel, [3], 2)).toEqual([[5, 4]]);
    expect(await select(sel, [3], 5)).toEqual([[5, 4, 3, 2, 1]]);
    expect(await select(sel, [0], 3)).toEqual([[5, 2, 4]]);
  });

  it('numpy order on an all-zero 1000-class row gives class 999, and 999 itself for target 999 (ALGORITHMS.md §2.3)', async () => {
    const big = Array.from({ length: 1000 }, (_, i) => Array.from({ length: 1000 }, (_, j) => (i === j ? 5 : 0)));
    const sel = await create({ matrix: big, order: 'numpy' });
    expect(await select(sel, [0, 999], 1, 1000)).toEqual([[999], [999]]);
    expect(await select(sel, [7], 3, 1000)).toEqual([[999, 328, 341]]);
  });

  it('reads the matrix from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'case-sel-'));
    writeFileSync(join(dir, 'm.csv'), M.map((r) => r.join(',')).join('\n'));
    expect(await select(await create({ path: join(dir, 'm.csv') }), [0], 2)).toEqual([[2, 5]]);
  });

  it('needs exactly one of matrix and path', async () => {
    for (const options of [{}, { matrix: M, path: 'x.json' }]) {
      const e = await rejection(create(options));
      expect(isSaliencyError(e, 'SALIENCY_INVALID_OPTIONS')).toBe(true);
      expect(e.message).toMatch(/exactly one of options\/matrix or options\/path/);
    }
  });

  it('rejects a matrix whose size differs from the model (at create with an adapter, else at select)', async () => {
    const fakeAdapter = { meta: { id: 'm10', numClasses: 10 } } as unknown as ModelAdapter;
    const e1 = await rejection(create({ matrix: M }, fakeAdapter));
    expect(isSaliencyError(e1, 'SALIENCY_INVALID_MATRIX')).toBe(true);
    expect(e1.message).toMatch(/inline matrix: is 6×6 but model m10 has 10 classes/);
    const e2 = await rejection(select(await create({ matrix: M }), [0], 1, 10));
    expect(isSaliencyError(e2, 'SALIENCY_INVALID_MATRIX')).toBe(true);
  });

  it('rejects invalid inline cells with the cell named', async () => {
    const e = await rejection(create({ matrix: [[1, 2], [3, -4]] }));
    expect(isSaliencyError(e, 'SALIENCY_INVALID_MATRIX')).toBe(true);
    expect(e.message).toMatch(/inline matrix: cell \[1, 1\] is negative/);
  });

  it('rejects k larger than numClasses − 1, and targets out of range, with SALIENCY_INVALID_TARGET', async () => {
    const sel = await create({ matrix: M });
    for (const [targets, k] of [
      [[0], 6],
      [[0], 0],
      [[6], 1],
      [[-1], 1],
    ] as const) {
      const e = await rejection(select(sel, [...targets], k));
      expect(isSaliencyError(e, 'SALIENCY_INVALID_TARGET'), `${targets} ${k}`).toBe(true);
    }
    expect((await rejection(select(sel, [0], 6))).message).toMatch(/k = 6 .* must be in \[1, 5\] for 6 classes/);
  });
});
