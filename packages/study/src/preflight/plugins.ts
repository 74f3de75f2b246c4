import { SaliencyError, type PluginRef, type PluginRegistry } from '@saliency/core';
import type { StudySettings } from '../config/settings.js';
import type { StudyConfig } from '../config/types.js';
import { at } from './at.js';

type Ref = readonly [string, Readonly<Record<string, unknown>>];

/** The plugins a study runs, every id qualified and every option in force (defaults merged, validated). */
export interface StudyPlugins {
  readonly methods: readonly Ref[];
  readonly selector: Ref;
  /** The selector is the confusion matrix and its options give none: each model brings its own (see ModelSpec). */
  readonly perModelMatrix: boolean;
  /** The dataset source; `preprocessing` is filled in per model when the source takes that option. */
  readonly dataset: { readonly id: string; readonly options: Readonly<Record<string, unknown>>; readonly injectPreprocessing: boolean };
  readonly metrics: { readonly agreement?: Ref; readonly confidenceDrop?: Ref; readonly channelActivity?: Ref; readonly groundTruth?: Ref };
  /** The method Table III tests every other against. */
  readonly reference?: string;
  readonly warnings: readonly string[];
  /** The ground-truth metric the defaults ask for but no package provides (worth a warning only if images have masks). */
  readonly groundTruthMissing?: string;
}

const split = (r: PluginRef): [string, Record<string, unknown>] => (typeof r === 'string' ? [r, {}] : [r[0], { ...(r[1] ?? {}) }]);

/** Checks every plugin id (with a did-you-mean) and every option a study names, before anything is loaded. */
export async function checkPlugins(config: StudyConfig, s: StudySettings, registry: PluginRegistry): Promise<StudyPlugins> {
  const warnings: string[] = [];
  let groundTruthMissing: string | undefined;
  const methods: Ref[] = [];
  for (const [i, ref] of config.methods.entries()) {
    const where = `config.methods[${i}]`;
    const [id, user] = split(ref);
    const entry = await at(where, () => registry.get('saliency-method', id));
    // A contrastive method follows config.contrast.k unless its own options say otherwise (as `explain` does).
    const declares = 'contrastK' in (entry.manifest.defaultOptions as object);
    const options = await at(where, () => registry.optionsFor('saliency-method', [entry.qualifiedId, declares && !('contrastK' in user) ? { ...user, contrastK: s.contrast.k } : user]));
    if (declares && options.contrastK !== s.contrast.k) {
      throw new SaliencyError('SALIENCY_INVALID_CONFIG', `${where}: options.contrastK is ${String(options.contrastK)} but config.contrast.k is ${s.contrast.k}; the selector picks config.contrast.k classes`);
    }
    if (methods.some(([m]) => m === entry.qualifiedId)) throw new SaliencyError('SALIENCY_INVALID_CONFIG', `${where}: method "${entry.qualifiedId}" is listed twice`);
    methods.push([entry.qualifiedId, options]);
  }

  const [selId, selUser] = s.contrast.selector;
  const selEntry = await at('config.contrast.selector', () => registry.get('contrast-selector', selId));
  const isMatrix = selEntry.qualifiedId === 'case/confusion-matrix';
  const perModelMatrix = isMatrix && selUser.matrix === undefined && selUser.path === undefined;
  const selOptions = isMatrix ? { ...selUser, order: selUser.order ?? s.contrast.order } : selUser;
  // The matrix is inserted per model; validate the rest of the options with a placeholder.
  const selector: Ref = [selEntry.qualifiedId, perModelMatrix ? selOptions : await at('config.contrast.selector', () => registry.optionsFor('contrast-selector', [selEntry.qualifiedId, selOptions]))];
  if (perModelMatrix) await at('config.contrast.selector', () => registry.optionsFor('contrast-selector', [selEntry.qualifiedId, { ...selOptions, matrix: [[0]] }]));

  const [dsId, dsUser] = split(config.dataset.source);
  const dsEntry = await at('config.dataset.source', () => registry.get('dataset-source', dsId));
  const injectPreprocessing = 'preprocessing' in (dsEntry.manifest.defaultOptions as object) && !('preprocessing' in dsUser);
  // Recorded with the source's defaults in force; an injected preprocessing is each model's (recorded per model).
  const { preprocessing: _p, ...dsOptions } = await at('config.dataset.source', () => registry.optionsFor('dataset-source', [dsEntry.qualifiedId, dsUser]));

  const metrics: { -readonly [K in keyof StudyPlugins['metrics']]: Ref } = {};
  const metric = async (key: keyof StudyPlugins['metrics'], id: string, options: Record<string, unknown>) => {
    const where = `config.metrics.${key}`;
    const entry = await at(where, () => registry.get('metric', id));
    metrics[key] = [entry.qualifiedId, await at(where, () => registry.optionsFor('metric', [entry.qualifiedId, options]))];
  };
  if (s.agreement) await metric('agreement', 'metrics/feature-agreement', { ...s.agreement });
  if (s.confidenceDrop) {
    const { reference: _r, ...options } = s.confidenceDrop;
    await metric('confidenceDrop', 'metrics/confidence-drop', options);
  }
  if (s.channelActivity) await metric('channelActivity', 'metrics/channel-activity', { ...s.channelActivity, extraTaus: [...s.channelActivity.extraTaus] });
  if (s.groundTruth) {
    if (s.groundTruth.explicit || registry.has('metric', s.groundTruth.metric)) await metric('groundTruth', s.groundTruth.metric, { ...s.groundTruth.options });
    else groundTruthMissing = s.groundTruth.metric;
  }

  let reference: string | undefined;
  if (s.confidenceDrop) {
    const explicit = config.metrics?.confidenceDrop ? config.metrics.confidenceDrop.reference : undefined;
    const want = s.confidenceDrop.reference;
    reference = methods.find(([m]) => m === want)?.[0];
    if (!reference && explicit) {
      throw new SaliencyError('SALIENCY_INVALID_CONFIG', `config.metrics.confidenceDrop.reference "${explicit}" is not one of config.methods (${methods.map(([m]) => m).join(', ')})`);
    }
    reference ??= methods[0]![0];
  }
  return { methods, selector, perModelMatrix, dataset: { id: dsEntry.qualifiedId, options: injectPreprocessing || _p === undefined ? dsOptions : { ...dsOptions, preprocessing: _p }, injectPreprocessing }, metrics, reference, warnings, ...(groundTruthMissing ? { groundTruthMissing } : {}) };
}
