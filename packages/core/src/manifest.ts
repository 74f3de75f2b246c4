import type { ContrastSelector } from './interfaces/contrast-selector.js';
import type { DatasetSource } from './interfaces/dataset-source.js';
import type { Metric, MetricCategory, ScoreDirection } from './interfaces/metric.js';
import type { ModelAdapter } from './interfaces/model-adapter.js';
import type { SaliencyMethod } from './interfaces/saliency-method.js';
import type { Logger, Rng } from './interfaces/services.js';

export type PluginKind = 'saliency-method' | 'contrast-selector' | 'metric' | 'model-adapter' | 'dataset-source';
export const PLUGIN_KINDS: readonly PluginKind[] = ['saliency-method', 'contrast-selector', 'metric', 'model-adapter', 'dataset-source'];

/** What a plugin needs from the model. */
export type Capability = 'gradients' | 'layer-activations' | 'logits' | 'input';

/** A JSON Schema (draft 2020-12 subset ajv understands). `additionalProperties: false` is mandatory at the top. */
export type OptionsSchema = Readonly<Record<string, unknown>>;

/** Per-run services handed to `create`. Plugins never touch the DI container themselves. */
export interface PluginDeps {
  readonly rng: Rng;
  readonly logger: Logger;
  /** The run's model, when one is loaded before the plugin is created. */
  readonly adapter?: ModelAdapter;
}

/** The plain-object description of a plugin: data plus a factory. */
export interface PluginManifest<K extends PluginKind, O extends object, I> {
  readonly kind: K;
  /** Kebab-case, unique per namespace: `grad-cam`. The registry qualifies it: `cam/grad-cam`. */
  readonly id: string;
  readonly displayName?: string;
  readonly description: string;
  readonly docsUrl?: string;
  readonly requires?: readonly Capability[];
  readonly optionsSchema: OptionsSchema;
  /** The only place defaults live (the schema declares none). */
  readonly defaultOptions: O;
  create(options: Readonly<O>, deps: PluginDeps): I | Promise<I>;
}

export type SaliencyMethodManifest<O extends object = any> = PluginManifest<'saliency-method', O, SaliencyMethod>;
export type ContrastSelectorManifest<O extends object = any> = PluginManifest<'contrast-selector', O, ContrastSelector>;
export interface MetricManifest<O extends object = any> extends PluginManifest<'metric', O, Metric> {
  readonly scoreDirection: ScoreDirection;
  readonly category: MetricCategory;
  /** Which {@link MetricInput} fields the metric reads. */
  readonly inputs: readonly ('maps' | 'otherMaps' | 'body' | 'labels' | 'masks' | 'contrasts')[];
}
export type ModelAdapterManifest<O extends object = any> = PluginManifest<'model-adapter', O, ModelAdapter>;
export type DatasetSourceManifest<O extends object = any> = PluginManifest<'dataset-source', O, DatasetSource>;

export type AnyManifest =
  | SaliencyMethodManifest
  | ContrastSelectorManifest
  | MetricManifest
  | ModelAdapterManifest
  | DatasetSourceManifest;

export interface PluginPackageMeta {
  /** npm package name. */
  readonly name: string;
  readonly version: string;
  /** Prefix of every id in the package: `cam` → `cam/grad-cam`. */
  readonly namespace: string;
  readonly apiVersion: 1;
}

/** What a plugin package's `plugin` entry exports (as `plugin` or `default`). */
export interface PluginPackage {
  readonly meta: PluginPackageMeta;
  readonly plugins: readonly AnyManifest[];
}

type Without<T, K extends keyof T> = Omit<T, K>;

export function defineSaliencyMethod<O extends object>(m: Without<SaliencyMethodManifest<O>, 'kind'>): SaliencyMethodManifest<O> {
  return Object.freeze({ kind: 'saliency-method', ...m });
}
export function defineContrastSelector<O extends object>(m: Without<ContrastSelectorManifest<O>, 'kind'>): ContrastSelectorManifest<O> {
  return Object.freeze({ kind: 'contrast-selector', ...m });
}
export function defineMetric<O extends object>(m: Without<MetricManifest<O>, 'kind'>): MetricManifest<O> {
  return Object.freeze({ kind: 'metric', ...m });
}
export function defineModelAdapter<O extends object>(m: Without<ModelAdapterManifest<O>, 'kind'>): ModelAdapterManifest<O> {
  return Object.freeze({ kind: 'model-adapter', ...m });
}
export function defineDatasetSource<O extends object>(m: Without<DatasetSourceManifest<O>, 'kind'>): DatasetSourceManifest<O> {
  return Object.freeze({ kind: 'dataset-source', ...m });
}
export function definePluginPackage(p: PluginPackage): PluginPackage {
  return Object.freeze({ meta: Object.freeze({ ...p.meta }), plugins: Object.freeze([...p.plugins]) });
}

export const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const NAMESPACE_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** `cam` + `grad-cam` → `cam/grad-cam`. */
export function qualify(namespace: string, id: string): string {
  return `${namespace}/${id}`;
}
