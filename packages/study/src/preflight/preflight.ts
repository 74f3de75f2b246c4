import { createLogger, type DatasetMeta, type Logger, type PluginRegistry } from '@saliency/core';
import { resolveSettings, type StudySettings } from '../config/settings.js';
import type { Backend, StudyConfig } from '../config/types.js';
import { validateStudyConfig } from '../config/validate.js';
import type { IndexPlan } from '../data/sampling.js';
import { checkDataset } from './dataset.js';
import { checkFit } from './fit.js';
import { checkMatrices } from './matrices.js';
import { prepareModels, type PreparedModel } from './models.js';
import { checkPlugins, type StudyPlugins } from './plugins.js';

/** A study that passed every check: what the runner needs, nothing computed yet. */
export interface PreparedStudy {
  readonly name: string;
  readonly config: StudyConfig;
  readonly settings: StudySettings;
  readonly plugins: StudyPlugins;
  readonly models: readonly PreparedModel[];
  readonly dataset: DatasetMeta;
  readonly plan: IndexPlan;
}

export interface PrepareOptions {
  readonly registry: PluginRegistry;
  /** Relative model paths are resolved from here (default: the working directory). */
  readonly root?: string;
  readonly logger?: Logger;
  readonly useBackend: (b: Backend) => Promise<string>;
}

/**
 * Everything that can be wrong with a study, checked before any work, cheapest first: the config's shape
 * (schema), plugin ids and options, model files and layers, the dataset and its fit to each model. The first
 * problem throws one error that names the config key, file, layer or value.
 */
export async function prepareStudy(raw: unknown, o: PrepareOptions): Promise<PreparedStudy> {
  const config = validateStudyConfig(raw);
  const settings = resolveSettings(config);
  const logger = o.logger ?? createLogger('warn');
  const plugins = await checkPlugins(config, settings, o.registry);
  const models = await prepareModels(config.models, settings, o.root ?? process.cwd(), o.useBackend);
  checkFit(models, settings);
  await checkMatrices(models, plugins, settings);
  const { meta, plan } = await checkDataset(o.registry, plugins, models, settings, logger);
  return { name: config.name ?? 'study', config, settings, plugins, models, dataset: meta, plan };
}
