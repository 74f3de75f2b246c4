import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel, selectBackend } from '@saliency/adapters';
import { MINI_MODELS, PARTS_CLASSES, PARTS_CLASS_NAMES, evaluateModel, miniModelDir, readMiniManifest } from '../../src/index.js';

/** Images of the fresh test set each model is re-measured on (the manifest's accuracy used 2,000 others). */
const CI_IMAGES = 400;
/** Allowed distance, in accuracy points, between the re-measured and the recorded accuracy. */
const TOLERANCE = 0.03;

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('shipped mini models (packages/zoo/models)', () => {
  for (const spec of MINI_MODELS) {
    it(`${spec.id}: loads through @saliency/adapters, its manifest is complete, and its accuracy re-measures within ±3 points`, async () => {
      const dir = fileURLToPath(miniModelDir(spec.id));
      const manifest = await readMiniManifest(dir);
      expect(manifest).toMatchObject({ format: 'saliency-zoo-model/1', id: spec.id, family: spec.family, builder: spec.builder, output: 'logits' });
      expect(manifest.inputShape).toEqual([32, 32, 3]);
      expect(manifest.preprocessing.range).toEqual([0, 1]);
      expect(manifest.classes).toEqual(PARTS_CLASS_NAMES);
      expect(manifest.designedConfusers).toEqual(PARTS_CLASSES.map((c) => c.confuser));
      expect(manifest.targetLayers).toEqual(spec.targetLayers);
      expect(manifest.training.command).toContain('pnpm zoo:train');
      expect(manifest.testImages).toBeGreaterThanOrEqual(2000);
      expect(manifest.testAccuracy).toBeGreaterThanOrEqual(0.9);

      const adapter = await loadModel(dir);
      try {
        expect(adapter.meta).toMatchObject({ id: spec.id, format: 'layers-model', inputShape: [32, 32, 3], numClasses: 8, outputActivation: 'linear' });
        for (const t of manifest.targetLayers) {
          const info = adapter.layers().find((l) => l.name === t.layer);
          expect(info?.spatial).toBe(true);
          expect(info?.outputShape).toEqual([null, ...t.outputShape]);
        }
        // A fresh seeded test set: another seed, so none of these images was used to train or to record the accuracy.
        const fresh = await evaluateModel((x) => adapter.predict(x), { seed: manifest.dataset.seed + 1000, split: 'test', count: CI_IMAGES, imageSize: 32 });
        expect(Math.abs(fresh.accuracy - manifest.testAccuracy)).toBeLessThanOrEqual(TOLERANCE);
        expect(tf.memory().numTensors).toBeGreaterThan(0);
      } finally {
        adapter.dispose();
      }
    });
  }

  it('the four models are a few MB in total, each with model.json, weights.bin, manifest.json and confusion.json', async () => {
    let total = 0;
    for (const spec of MINI_MODELS) {
      const dir = fileURLToPath(miniModelDir(spec.id));
      expect((await readdir(dir)).sort()).toEqual(['confusion.json', 'manifest.json', 'model.json', 'weights.bin']);
      for (const f of ['model.json', 'weights.bin']) total += (await stat(join(dir, f))).size;
    }
    expect(total).toBeLessThan(3 * 1024 * 1024);
  });
});
