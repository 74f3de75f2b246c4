import type {
  ContrastSelectorManifest,
  DatasetSourceManifest,
  MetricManifest,
  ModelAdapterManifest,
  SaliencyMethodManifest,
} from '../manifest.js';
import type { Logger, Rng } from '../interfaces/services.js';
import type { ModelAdapter } from '../interfaces/model-adapter.js';
import type { RegisteredPlugin } from './registry-entry.js';

/** A DI token: a global symbol (shared by duplicate copies of core) carrying the type it resolves to. */
export type Token<T> = symbol & { readonly __type?: T };
export function token<T>(description: string): Token<T> {
  return Symbol.for(description) as Token<T>;
}

/** Every DI token of the framework. Kind tokens hold manifests (multi-registration); the others are per run. */
export const Tokens = {
  SaliencyMethod: token<RegisteredPlugin<SaliencyMethodManifest>>('@saliency/core:SaliencyMethod'),
  ContrastSelector: token<RegisteredPlugin<ContrastSelectorManifest>>('@saliency/core:ContrastSelector'),
  Metric: token<RegisteredPlugin<MetricManifest>>('@saliency/core:Metric'),
  ModelAdapter: token<RegisteredPlugin<ModelAdapterManifest>>('@saliency/core:ModelAdapter'),
  DatasetSource: token<RegisteredPlugin<DatasetSourceManifest>>('@saliency/core:DatasetSource'),
  Model: token<ModelAdapter>('@saliency/core:Model'),
  Logger: token<Logger>('@saliency/core:Logger'),
  Rng: token<Rng>('@saliency/core:Rng'),
} as const;
