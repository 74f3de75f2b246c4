import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelAdapter } from '@saliency/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLayersModelAdapter, loadModel, readModelFiles, saveLayersModel, selectBackend } from '../src/index.js';
import { relDiff, values } from './helpers/compare.js';
import { buildDagModel } from './helpers/models.js';
import { seededImages } from './helpers/seeded.js';

describe('saveLayersModel', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'saliency-save-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('saveLayersModel writes model.json + weights.bin that load back to the same predictions', async () => {
    const model = buildDagModel();
    const saved = await saveLayersModel(model, join(dir, 'saved-dag'));
    const json = JSON.parse(await readFile(saved.modelPath, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['modelTopology', 'format', 'generatedBy', 'convertedBy', 'weightsManifest']);
    expect((json.weightsManifest as { paths: string[] }[])[0]!.paths).toEqual(['weights.bin']);
    expect((await readFile(saved.weightsPath)).byteLength).toBe(saved.weightBytes);
    // float32 weights: conv1 kernel+bias, bn1 beta/mean/var, dw kernel, conv2 (1×1) kernel+bias, bn2 gamma/mean/var, conv3, probs.
    const expectedFloats = 3 * 3 * 3 * 8 + 8 + 3 * 8 + 3 * 3 * 8 + 8 * 8 + 8 + 3 * 8 + 3 * 3 * 8 * 8 + 8 + 16 * 10 + 10;
    expect(saved.weightBytes).toBe(expectedFloats * 4);
    const files = await readModelFiles(join(dir, 'saved-dag'));
    expect(files.format).toBe('layers-model');
    const adapter: ModelAdapter = await loadModel(saved.modelPath);
    const x = seededImages([2, 16, 16, 3], 5);
    const reference = createLayersModelAdapter(model);
    const a = adapter.predict(x);
    const b = reference.predict(x);
    expect(relDiff(await values(a), await values(b))).toBe(0);
    tf.dispose([x, a, b]);
    adapter.dispose();
    reference.dispose();
  });
});
