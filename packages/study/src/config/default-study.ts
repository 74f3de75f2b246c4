import { SaliencyError } from '@saliency/core';
import { listZooModels, zooModelsDir } from '../zoo/zoo-models.js';
import type { StudyConfig } from './types.js';

/** The six methods of the paper's comparison. */
export const ALL_METHODS = ['case/case', 'cam/grad-cam', 'cam/grad-cam-plus-plus', 'cam/score-cam', 'cam/ablation-cam', 'cam/layer-cam'] as const;

/**
 * `saliency run` with no config: every shipped zoo model, all six methods, RQ1 + RQ2 + channel activity + the
 * ground-truth metric (against each class's designed confuser) on the held-out split of the zoo's synthetic
 * dataset. Each model runs at its recommended layer; the DenseNet-style model also at its second one (the final
 * norm), which is the paper's Table II ablation. 100 images per model keep it under 10 minutes on 2 cores (wasm).
 */
export async function defaultStudyConfig(modelsDir = zooModelsDir()): Promise<StudyConfig> {
  const zoo = await listZooModels(modelsDir);
  if (!zoo.length) {
    throw new SaliencyError('SALIENCY_INVALID_CONFIG', 'the default study runs on the @saliency/zoo models, and this installation ships none; give a study config file');
  }
  const ds = zoo.find((m) => m.dataset)?.dataset;
  if (!ds) throw new SaliencyError('SALIENCY_INVALID_CONFIG', `the zoo manifests (${zoo.map((m) => m.id).join(', ')}) do not name the dataset the models were trained on`);
  return {
    name: 'default',
    description: "The CASE paper's study on the shipped mini zoo, on held-out images of its synthetic dataset.",
    seed: 42,
    // The paper's layer ablation (Table II) is DenseNet's: its family gets its second layer too.
    models: zoo.map((m) => ({ zoo: m.id, ...(m.layers.length ? { layers: m.layers.slice(0, m.family === 'densenet' ? 2 : 1) } : {}) })),
    // Held-out test stream of the training seed; generated on the fly, so the size only bounds the pool.
    dataset: { source: [`zoo/${ds.id}`, { seed: ds.seed, split: ds.testSplit, size: 2000, imageSize: ds.imageSize }] },
    // CASE's contrasts come from each zoo model's shipped confusion matrix (2000 images of the zoo's own
    // calibration stream, disjoint from these test images); the calibration split is only for models without one.
    sampling: { images: 100, calibration: 200, batchSize: 25 },
    methods: [...ALL_METHODS],
    contrast: { selector: 'case/confusion-matrix', k: 1 },
    metrics: { groundTruth: { metric: 'metrics/unique-evidence', contrast: 'designed' } },
  };
}
