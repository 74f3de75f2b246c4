import * as tf from '@tensorflow/tfjs-core';
import { Ajv } from 'ajv';
import { SaliencyError } from '../errors.js';
import type { PluginRegistry, PluginRef } from '../di/container.js';
import { Tokens } from '../di/tokens.js';
import type { ContrastSelector } from '../interfaces/contrast-selector.js';
import type { Metric, MetricResult } from '../interfaces/metric.js';
import { disposeBody, type ModelAdapter, type ModelSplit } from '../interfaces/model-adapter.js';
import type { ExplainRequest, Explanation, SaliencyMethod } from '../interfaces/saliency-method.js';
import type { Logger } from '../interfaces/services.js';
import { createLogger, createRng } from '../services.js';
import { assertFinite } from '../tensor/cam-math.js';
import { resolveTargets, type TargetSpec } from './targets.js';

/** The code-level experiment description (a config file parses into the same object). */
export interface ExperimentConfig {
  /** A model-adapter plugin with its options, e.g. `['adapters/layers-model', {path: 'model.json'}]`. */
  readonly model: PluginRef;
  /** The layer the maps are computed at. */
  readonly layer: string;
  readonly methods: readonly PluginRef[];
  readonly contrastSelector?: PluginRef;
  /** Contrast classes per image for contrastive methods (default 1, as the authors' experiments). */
  readonly contrastK?: number;
  readonly metrics?: readonly PluginRef[];
  readonly seed?: number;
}

const refSchema = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', minItems: 1, maxItems: 2, items: [{ type: 'string', minLength: 1 }, { type: 'object' }] },
  ],
};
const configSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['model', 'layer', 'methods'],
  properties: {
    model: refSchema,
    layer: { type: 'string', minLength: 1 },
    methods: { type: 'array', minItems: 1, items: refSchema },
    contrastSelector: refSchema,
    contrastK: { type: 'integer', minimum: 1 },
    metrics: { type: 'array', items: refSchema },
    seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
  },
};
const validateConfig = new Ajv({ allErrors: true, strict: false }).compile(configSchema);

/** One batch through every method of the experiment, sharing one body pass. */
export interface BatchResult {
  /** `[B, N]` logits as plain numbers. */
  readonly logits: Float32Array[];
  readonly targets: number[];
  readonly contrasts?: number[][];
  /** Maps per qualified method id; the caller owns and disposes them ({@link disposeBatch}). */
  readonly explanations: ReadonlyMap<string, Explanation>;
}

export interface ExplainBatchOptions {
  readonly signal?: AbortSignal;
  readonly intermediates?: boolean;
  readonly outputSize?: readonly [number, number];
  readonly onProgress?: ExplainRequest['onProgress'];
}

export interface ComposedExperiment {
  readonly adapter: ModelAdapter;
  readonly split: ModelSplit;
  readonly methods: ReadonlyMap<string, SaliencyMethod>;
  readonly selector?: ContrastSelector;
  readonly metrics: ReadonlyMap<string, Metric>;
  /** Every plugin's options as in force (defaults merged), for reports. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Runs the body once and every method on it, for the given targets. Does not dispose `input`. */
  explainBatch(input: tf.Tensor4D, targets: TargetSpec, opts?: ExplainBatchOptions): Promise<BatchResult>;
  /**
   * Several target sets on **one** body pass, e.g. `['top1', 'top2']` for the class-sensitivity test: one result per
   * set, in order. Does not dispose `input`; on an error nothing of the call is left allocated.
   */
  explainTargets(input: tf.Tensor4D, targets: readonly TargetSpec[], opts?: ExplainBatchOptions): Promise<BatchResult[]>;
  /** Frees the model (unless it was passed in by the caller). */
  dispose(): void;
}

const refId = (r: PluginRef): string => (typeof r === 'string' ? r : r[0]);

/** Validates a config and wires the plugins it names into a runnable experiment. */
export interface ComposeOptions {
  readonly registry: PluginRegistry;
  readonly logger?: Logger;
  /** An already loaded model; `config.model` is then only recorded, not loaded. The caller keeps ownership. */
  readonly adapter?: ModelAdapter;
}

export async function compose(config: ExperimentConfig, { registry, logger = createLogger(), adapter: given }: ComposeOptions): Promise<ComposedExperiment> {
  if (!validateConfig(config)) {
    const e = validateConfig.errors![0]!;
    const path = `config${e.instancePath.replace(/\//g, '.')}`;
    const detail = e.keyword === 'additionalProperties' ? `has unknown key "${String(e.params.additionalProperty)}"` : e.message;
    throw new SaliencyError('SALIENCY_INVALID_CONFIG', `${path} ${detail}`);
  }
  const rng = createRng(config.seed ?? 42);
  const runContainer = registry.container.createChildContainer();
  runContainer.register(Tokens.Rng, { useValue: rng });
  runContainer.register(Tokens.Logger, { useValue: logger });
  // Resolve every id and option before loading anything, so a typo fails fast and costs nothing.
  const settings: Record<string, unknown> = {};
  const allRefs: [Parameters<PluginRegistry['optionsFor']>[0], PluginRef][] = [
    ['model-adapter', config.model],
    ...config.methods.map((m) => ['saliency-method', m] as [ 'saliency-method', PluginRef]),
    ...(config.contrastSelector ? [['contrast-selector', config.contrastSelector] as ['contrast-selector', PluginRef]] : []),
    ...(config.metrics ?? []).map((m) => ['metric', m] as ['metric', PluginRef]),
  ];
  for (const [kind, ref] of allRefs) if (!(given && kind === 'model-adapter')) settings[refId(ref)] = registry.optionsFor(kind, ref);

  const adapter = given ?? (await registry.create('model-adapter', config.model, { rng: rng.fork('model'), logger }));
  const release = () => (given ? undefined : adapter.dispose());
  runContainer.register(Tokens.Model, { useValue: adapter });
  try {
    const split = adapter.split(config.layer);
    const deps = { rng, logger, adapter };
    const methods = new Map<string, SaliencyMethod>();
    for (const ref of config.methods) methods.set(registry.get('saliency-method', refId(ref)).qualifiedId, await registry.create('saliency-method', ref, { ...deps, rng: rng.fork(refId(ref)) }));
    const selector = config.contrastSelector ? await registry.create('contrast-selector', config.contrastSelector, deps) : undefined;
    const needy = [...methods.values()].filter((m) => m.needsContrasts).map((m) => m.id);
    if (needy.length && !selector) {
      throw new SaliencyError('SALIENCY_INVALID_CONFIG', `config.contrastSelector is required by ${needy.join(', ')}`);
    }
    const metrics = new Map<string, Metric>();
    for (const ref of config.metrics ?? []) metrics.set(registry.get('metric', refId(ref)).qualifiedId, await registry.create('metric', ref, deps));
    const contrastK = config.contrastK ?? 1;

    const explainTargets: ComposedExperiment['explainTargets'] = async (input, specs, opts = {}) => {
      if (!specs.length) throw new SaliencyError('SALIENCY_INVALID_TARGET', 'explainTargets needs at least one target set');
      await assertFinite(input, 'input images');
      const body = split.body(input);
      const results: BatchResult[] = [];
      try {
        const logitsT = split.head(body.activation, body.crossing);
        const sets: { targets: number[]; contrasts?: number[][] }[] = [];
        let logitRows: Float32Array[];
        try {
          logitRows = await rowsOf(logitsT);
          for (const spec of specs) {
            const targets = resolveTargets(spec, logitRows, adapter.meta.numClasses);
            sets.push({ targets, contrasts: selector && needy.length ? await selector.select({ targets, logits: logitsT, k: contrastK }) : undefined });
          }
        } finally {
          // A bad target or contrast matrix throws here; the logits must not outlive the call.
          logitsT.dispose();
        }
        for (const { targets, contrasts } of sets) {
          const explanations = new Map<string, Explanation>();
          results.push({ logits: logitRows, targets, contrasts, explanations });
          for (const [id, m] of methods) explanations.set(id, await m.explain({ split, input, body, targets, contrasts, ...opts }));
        }
        return results;
      } catch (e) {
        for (const r of results) disposeBatch(r);
        throw e;
      } finally {
        disposeBody(body);
      }
    };
    const explainBatch: ComposedExperiment['explainBatch'] = async (input, spec, opts) => (await explainTargets(input, [spec], opts))[0]!;
    return { adapter, split, methods, selector, metrics, settings, explainBatch, explainTargets, dispose: release };
  } catch (e) {
    release();
    throw e;
  }
}

async function rowsOf(t: tf.Tensor2D): Promise<Float32Array[]> {
  const data = (await t.data()) as Float32Array;
  const [b, n] = t.shape;
  return Array.from({ length: b }, (_, i) => data.slice(i * n, (i + 1) * n));
}

/** Disposes every tensor of a batch result. */
export function disposeBatch(r: { explanations: ReadonlyMap<string, Explanation> }): void {
  for (const e of r.explanations.values()) {
    e.maps.dispose();
    e.raw?.dispose();
    e.weights?.dispose();
  }
}

export type { MetricResult };
