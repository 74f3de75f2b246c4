import { createRng, SaliencyError, type DatasetMeta, type DatasetSource, type Logger, type PluginRegistry } from '@saliency/core';
import { planIndices, readSamples, type IndexPlan } from '../data/sampling.js';
import type { StudySettings } from '../config/settings.js';
import { at } from './at.js';
import { countsOnCalibration } from './matrices.js';
import type { PreparedModel } from './models.js';
import type { StudyPlugins } from './plugins.js';

/** Creates the dataset source for one model: the model's preprocessing goes in unless the config set its own. */
export async function openDataset(registry: PluginRegistry, ds: StudyPlugins['dataset'], model: PreparedModel, seed: number, logger: Logger): Promise<DatasetSource> {
  const options = ds.injectPreprocessing ? { ...ds.options, preprocessing: model.preprocessing } : ds.options;
  return at('config.dataset.source', () => registry.create('dataset-source', [ds.id, options], { rng: createRng(seed).fork('dataset'), logger }));
}

/**
 * Opens the dataset once per model and reads one sample, so a wrong path, a class-count mismatch or a
 * preprocessing that does not produce the model's input size fails now, naming the config key, not mid-run.
 * Returns the dataset's description and the seeded index plan (the same for every model).
 */
export async function checkDataset(registry: PluginRegistry, plugins: StudyPlugins, models: readonly PreparedModel[], s: StudySettings, logger: Logger): Promise<{ meta: DatasetMeta; plan: IndexPlan }> {
  let meta: DatasetMeta | undefined;
  let plan: IndexPlan | undefined;
  for (const m of models) {
    const where = `config.models[${m.position}]`;
    const source = await openDataset(registry, plugins.dataset, m, s.seed, logger);
    meta ??= source.meta;
    const size = source.meta.size;
    if (size === undefined || !Number.isInteger(size) || size < 1) {
      throw new SaliencyError('SALIENCY_INVALID_CONFIG', `config.dataset.source: ${plugins.dataset.id} does not report a size (meta.size = ${String(size)}); a study samples by index`);
    }
    const n = source.meta.numClasses;
    if (n !== undefined && n > m.numClasses) {
      throw new SaliencyError('SALIENCY_INVALID_CONFIG', `config.dataset.source: ${source.meta.id} has ${n} classes but ${where} (${m.id}) predicts ${m.numClasses}`);
    }
    if (s.sampling.calibration >= size && countsOnCalibration(plugins, models)) {
      throw new SaliencyError('SALIENCY_INVALID_CONFIG', `config.sampling.calibration (${s.sampling.calibration}) leaves no evaluation images: the dataset has ${size}`);
    }
    plan ??= planIndices(size, countsOnCalibration(plugins, models) ? s.sampling.calibration : 0, s.seed);
    const [first] = await readSamples(source, plan.pool.slice(0, 1));
    const [h, w, c] = m.inputShape;
    if (first && (first.shape[0] !== h || first.shape[1] !== w || first.shape[2] !== c)) {
      throw new SaliencyError('SALIENCY_INVALID_CONFIG', `${where}.preprocessing: sample ${first.id} comes out [${first.shape.join(', ')}] but ${m.id} takes [${h}, ${w}, ${c}]`);
    }
    if (first && first.label === undefined && s.sampling.correctOnly) {
      throw new SaliencyError('SALIENCY_INVALID_CONFIG', `config.sampling.correctOnly needs labelled images, but sample ${first.id} of ${source.meta.id} has no label; set it to false`);
    }
  }
  return { meta: meta!, plan: plan! };
}
