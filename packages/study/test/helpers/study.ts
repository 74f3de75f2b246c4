import { join } from 'node:path';
import { defineStudy, type StudyConfig } from '../../src/index.js';
import { RESISH, VGGISH } from './fixtures.js';

/** A small study on the oracle models: two layers of vggish (so Table II exists), one of resish. */
export function oracleStudy(data: string, over: Partial<StudyConfig> = {}): StudyConfig {
  return defineStudy({
    name: 'oracle',
    seed: 7,
    backend: 'wasm',
    models: [{ path: VGGISH, layers: ['target_conv', 'conv4'] }, { path: RESISH, layers: ['head_conv'] }],
    dataset: { source: ['datasets/image-folder', { path: data }] },
    sampling: { images: 10, calibration: 30, batchSize: 4 },
    methods: ['case/case', 'cam/grad-cam', 'cam/layer-cam'],
    outputs: { gridImages: 1 },
    ...over,
  });
}

/** summary.json without its `run` section (the only part allowed to differ between same-seed runs). */
export function settled(summary: unknown): unknown {
  const { run: _run, ...rest } = summary as Record<string, unknown>;
  return rest;
}

export const dataDir = (root: string) => join(root, 'data');
