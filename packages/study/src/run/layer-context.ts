import { createRng, type ComposedExperiment, type Logger, type Metric, type PluginRef, type PluginRegistry } from '@saliency/core';
import type { StudyPlugins } from '../preflight/plugins.js';
import type { LayerContext } from './batch-step.js';

/**
 * The measures of one layer, bound to the composed methods: the first (primary) layer gets every measure
 * (Tables I and III, channels, ground truth); further layers get the agreement and channel activity (Table II,
 * Figs. 5–6), as the paper's layer ablation.
 */
export async function buildLayerContext(
  registry: PluginRegistry,
  exp: ComposedExperiment,
  model: string,
  plugins: StudyPlugins,
  contrastK: number,
  primary: boolean,
  logger: Logger,
  designedConfusers?: readonly number[],
): Promise<LayerContext> {
  const deps = { rng: createRng(0).fork(`metrics:${model}`), logger, adapter: exp.adapter };
  const make = async (ref: StudyPlugins['metrics'][keyof StudyPlugins['metrics']]): Promise<Metric | undefined> =>
    ref ? registry.create('metric', ref as PluginRef, deps) : undefined;
  return {
    model,
    adapter: exp.adapter,
    split: exp.split,
    methods: exp.methods,
    ...(exp.selector ? { selector: exp.selector } : {}),
    contrastK,
    agreement: await make(plugins.metrics.agreement),
    channelActivity: await make(plugins.metrics.channelActivity),
    confidenceDrop: primary ? await make(plugins.metrics.confidenceDrop) : undefined,
    groundTruth: primary ? await make(plugins.metrics.groundTruth) : undefined,
    ...(designedConfusers ? { groundTruthContrasts: (targets: readonly number[]) => targets.map((t) => [designedConfusers[t]!]) } : {}),
  };
}
