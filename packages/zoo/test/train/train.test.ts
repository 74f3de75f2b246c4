import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import { buildResNetMini, evaluateModel, learningRateAt, recalibrateBatchNorm, registerTrainingKernels, renderPartsBatch, trainModel, type TrainOptions } from '../../src/index.js';

const OPTIONS: TrainOptions = { seed: 4, epochs: 2, stepsPerEpoch: 2, batchSize: 8, learningRate: 1e-3, warmupSteps: 1, weightDecay: 1e-4, imageSize: 32 };
const build = (seed: number) => buildResNetMini({ seed });

let dir: string;
let restore: () => void;
beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  restore = registerTrainingKernels('wasm');
  dir = await mkdtemp(join(tmpdir(), 'zoo-train-'));
});
afterAll(async () => {
  restore?.();
  await rm(dir, { recursive: true, force: true });
});

const weightsOf = (m: { getWeights(): tf.Tensor[] }) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('trainModel', () => {
  it('is deterministic, checkpoints every epoch, and a resumed run equals an uninterrupted one exactly', async () => {
    const straight = await trainModel('t', build, OPTIONS, { checkpointDir: join(dir, 'a') });
    expect(straight.history.map((h) => h.epoch)).toEqual([1, 2]);
    const again = await trainModel('t', build, OPTIONS);
    expect(weightsOf(again.model)).toEqual(weightsOf(straight.model));

    // Interrupted after epoch 1 (the checkpoint is written before onEpoch runs), then rerun.
    await expect(
      trainModel('t', build, OPTIONS, {
        checkpointDir: join(dir, 'b'),
        onEpoch: (r) => {
          if (r.epoch === 1) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    let resumedAt = -1;
    const resumed = await trainModel('t', build, OPTIONS, { checkpointDir: join(dir, 'b'), onResume: (e) => (resumedAt = e) });
    expect(resumedAt).toBe(1);
    expect(resumed.resumedFromEpoch).toBe(1);
    expect(resumed.history.map((h) => h.loss)).toEqual(straight.history.map((h) => h.loss));
    expect(weightsOf(resumed.model)).toEqual(weightsOf(straight.model));

    // A finished checkpoint trains nothing more; another configuration refuses it.
    const done = await trainModel('t', build, OPTIONS, { checkpointDir: join(dir, 'a') });
    expect(done.resumedFromEpoch).toBe(2);
    expect(weightsOf(done.model)).toEqual(weightsOf(straight.model));
    await expect(trainModel('t', build, { ...OPTIONS, learningRate: 2e-3 }, { checkpointDir: join(dir, 'a') })).rejects.toThrow(/different configuration/);
    for (const r of [straight, again, resumed, done]) r.model.dispose();
  });

  it('evaluateModel counts a confusion matrix over the seeded stream', async () => {
    const ev = await evaluateModel((x) => tf.oneHot(tf.fill([x.shape[0]], 3, 'int32'), 8), { seed: 1, split: 'test', count: 20, imageSize: 32, batchSize: 8 });
    expect(ev.samples).toBe(20);
    expect(ev.confusion.flat().reduce((a, b) => a + b, 0)).toBe(20);
    expect(ev.confusion.every((row) => row.every((v, j) => j === 3 || v === 0))).toBe(true);
    expect(ev.accuracy).toBeCloseTo(ev.confusion[3]![3]! / 20, 12);
  });

  it('recalibrateBatchNorm sets the moving statistics to the mean of the batch statistics and keeps the momentum', () => {
    const input = tfl.input({ shape: [32, 32, 3] });
    const bn = tfl.layers.batchNormalization({ name: 'bn', momentum: 0.99 });
    const model = tfl.model({ inputs: input, outputs: bn.apply(input) as tfl.SymbolicTensor });
    expect(recalibrateBatchNorm(model, { seed: 2, offset: 8, batches: 3, batchSize: 4, imageSize: 32 })).toBe(1);
    const means = [0, 1, 2].map((t) => {
      const b = renderPartsBatch(2, 'train', 8 + 4 * t, 4, 32);
      return tf.tidy(() => Array.from(tf.mean(tf.tensor4d(b.images, [4, 32, 32, 3]), [0, 1, 2]).dataSync()));
    });
    const movingMean = model.getLayer('bn').getWeights()[2]!.dataSync();
    for (let c = 0; c < 3; c++) expect(movingMean[c]!).toBeCloseTo((means[0]![c]! + means[1]![c]! + means[2]![c]!) / 3, 5);
    expect((model.getLayer('bn').getConfig() as { momentum: number }).momentum).toBe(0.99);
    expect(recalibrateBatchNorm(buildResNetMini({ seed: 1 }), { seed: 2, offset: 0, batches: 1, batchSize: 2, imageSize: 32 })).toBe(8);
    model.dispose();
  });

  it('learning rate: linear warm-up then cosine to zero', () => {
    expect(learningRateAt(0, 100, 1, 10)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(9, 100, 1, 10)).toBeCloseTo(1, 12);
    expect(learningRateAt(10, 100, 1, 10)).toBeCloseTo(1, 12);
    expect(learningRateAt(55, 100, 1, 10)).toBeCloseTo(0.5, 12);
    expect(learningRateAt(100, 100, 1, 10)).toBeCloseTo(0, 12);
  });
});
