import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSaliencyError } from '@saliency/core';
import { selectBackend } from '@saliency/adapters';
import { runStudy, type StudyConfig, type StudyEvent } from '../src/index.js';
import { makeImageFolder, VGGISH } from './helpers/fixtures.js';
import { oracleStudy } from './helpers/study.js';

const root = mkdtempSync(join(tmpdir(), 'study-preflight-'));
const data = join(root, 'data');

beforeAll(async () => {
  await selectBackend('wasm');
  await makeImageFolder(data, 24);
});

/** Runs a bad study and returns its error, checking nothing was started: no event, no run folder. */
async function rejected(config: StudyConfig | unknown): Promise<{ code: string; message: string }> {
  const events: StudyEvent[] = [];
  const outDir = join(root, `out-${Math.random().toString(36).slice(2)}`);
  try {
    await runStudy(config as StudyConfig, { outDir, onEvent: (e) => events.push(e) });
  } catch (e) {
    expect(isSaliencyError(e)).toBe(true);
    expect(events).toEqual([]);
    expect(existsSync(outDir)).toBe(false);
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('expected the study to be rejected');
}

describe('a study is checked before any work', () => {
  it('wrong type', async () => {
    expect(await rejected({ ...oracleStudy(data), sampling: { images: 'ten' } })).toEqual({ code: 'SALIENCY_INVALID_CONFIG', message: 'config.sampling.images must be an integer (got string "ten")' });
  });

  it('unknown method id, with a did-you-mean', async () => {
    expect(await rejected(oracleStudy(data, { methods: ['case/case', 'cam/gradcam'] }))).toEqual({
      code: 'SALIENCY_UNKNOWN_PLUGIN',
      message: 'config.methods[1]: Unknown saliency-method "cam/gradcam"; did you mean "cam/grad-cam" or "cam/score-cam"?',
    });
  });

  it('missing model file', async () => {
    const missing = join(root, 'nope', 'model.json');
    expect(await rejected(oracleStudy(data, { models: [{ path: missing }] }))).toEqual({ code: 'SALIENCY_MODEL_NOT_FOUND', message: `config.models[0].path: model file not found: ${missing}` });
  });

  it('layer not in the model, with the nearest names', async () => {
    const r = await rejected(oracleStudy(data, { models: [{ path: VGGISH, layers: ['target_conv', 'conv5'] }] }));
    expect(r.code).toBe('SALIENCY_UNKNOWN_LAYER');
    expect(r.message).toMatch(/^config\.models\[0\]\.layers\[1\]: .*"conv5".*conv4/);
  });

  it('threshold out of range', async () => {
    expect(await rejected(oracleStudy(data, { statistics: { threshold: 100 } }))).toEqual({ code: 'SALIENCY_INVALID_CONFIG', message: 'config.statistics.threshold must be < 100 (got 100)' });
  });

  it('bad plugin options, unknown dataset source, missing dataset folder, class-count mismatch', async () => {
    expect((await rejected(oracleStudy(data, { methods: [['case/case', { gradient: 'full' }]] }))).message).toBe('config.methods[0]: Plugin "case/case": options/gradient must be one of "pooled", "spatial" (got "full")');
    expect((await rejected(oracleStudy(data, { dataset: { source: 'datasets/image-folders' } }))).message).toMatch(/^config\.dataset\.source: Unknown dataset-source "datasets\/image-folders"; did you mean "datasets\/image-folder"/);
    expect((await rejected(oracleStudy(data, { dataset: { source: ['datasets/image-folder', { path: join(root, 'none') }] } }))).message).toBe(`config.dataset.source: Plugin "datasets/image-folder": options/path: no such folder: ${join(root, 'none')}`);
    const csv = join(root, 'labels.csv');
    writeFileSync(csv, ['file,label', ...Array.from({ length: 12 }, (_, i) => `c${i % 10}/x${i}.png,${i}`)].join('\n'));
    expect((await rejected(oracleStudy(data, { dataset: { source: ['datasets/image-folder', { path: root, labels: 'labels.csv' }] } }))).message).toMatch(/has 12 classes but config\.models\[0\] \(vggish\) predicts 10/);
  });

  it('a reference method that is not in the study', async () => {
    expect((await rejected(oracleStudy(data, { metrics: { confidenceDrop: { reference: 'cam/score-cam' } } }))).message).toBe('config.metrics.confidenceDrop.reference "cam/score-cam" is not one of config.methods (case/case, cam/grad-cam, cam/layer-cam)');
  });

  it('a per-model confusion matrix of the wrong size', async () => {
    const m = join(root, 'm3.json');
    writeFileSync(m, JSON.stringify([[1, 0, 0], [0, 1, 0], [0, 0, 1]]));
    expect(await rejected(oracleStudy(data, { models: [{ path: VGGISH, confusionMatrix: m }] }))).toEqual({
      code: 'SALIENCY_INVALID_MATRIX',
      message: `config.models[0].confusionMatrix: ${m} is 3×3 but vggish has 10 classes`,
    });
  });
});
