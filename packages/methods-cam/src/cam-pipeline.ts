/**
 * The CAM family template (the analogue of pytorch-grad-cam's `BaseCAM`), exported as `@saliency/methods-cam/pipeline`
 * so that other packages (CASE) reuse it instead of copying it.
 *
 * `explain` does, in this order (ALGORITHMS.md §1.3):
 *  1. checks the request (targets, contrasts, finite input) and the abort signal;
 *  2. takes the body output from the request, or runs `split.body(input)` (and disposes only what it created);
 *  3. when the method needs gradients, gets `d logit[c] / dA` for the target (and any extra classes, e.g. CASE's
 *     contrasts) from one batched head pass (`split.classGradients`);
 *  4. runs the method's hook: `channelWeights` → `[B, C]`, then `raw = Σ_k w_k A_k`; or `camImage` → raw `[B, h, w]`;
 *  5. ReLU, per-image min-max (`x - min`, `/ (1e-7 + max)`), half-pixel bilinear resize to the output size, and
 *     for `normalization: 'double'` (BaseCAM) a second min-max after the resize.
 *
 * Tensor rule: callees never dispose inputs; every returned tensor is fresh and owned by the caller.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  SaliencyError,
  assertFinite,
  defineSaliencyMethod,
  disposeBody,
  type BodyOutput,
  type Capability,
  type ExplainRequest,
  type Explanation,
  type ModelSplit,
  type OptionsSchema,
  type PluginDeps,
  type SaliencyMethod,
  type SaliencyMethodManifest,
} from '@saliency/core';
import { classSlot, crossingFor, scaleCam, weightedSum } from './cam-tensors.js';

// The tensor steps live in cam-tensors.ts; they are part of the pipeline's public API (`./pipeline`).
export { classSlot, crossingFor, repeatImage, scaleCam, spatialMean, weightedSum } from './cam-tensors.js';

/** What a CAM hook sees. Every tensor in it belongs to the pipeline: hooks must not dispose them. */
export interface CamContext {
  readonly split: ModelSplit;
  /** `[B, H, W, Cin]` model input. */
  readonly input: tf.Tensor4D;
  readonly body: BodyOutput;
  /** `[B, h, w, C]` activation of the split layer (`body.activation`). */
  readonly activation: tf.Tensor4D;
  readonly targets: readonly number[];
  readonly contrasts?: readonly (readonly number[])[];
  /** Number of classes of the model. */
  readonly numClasses: number;
  /** `[B, h, w, C]` gradient of the target logit with respect to the activation (methods with `needsGradients`). */
  readonly grads?: tf.Tensor4D;
  /** `[B, K, h, w, C]` gradients of every class of {@link CamMethodDefinition.gradientClasses} (index 0 = target). */
  readonly classGrads?: tf.Tensor;
  /** `[B, N]` logits returned by the gradient pass. */
  readonly logits?: tf.Tensor2D;
  /** Per-image scalars a hook wants to report (returned as `extras` with `intermediates`). */
  readonly extras: Record<string, number[]>;
  readonly deps: PluginDeps;
  /** Reports progress through `request.onProgress`. */
  progress(stage: string, done: number, total: number): void;
  /** Throws `SALIENCY_ABORTED` when the request's signal has fired. */
  throwIfAborted(): void;
  /** Lets pending events (an abort) run, then checks the signal; call between chunks of long loops. */
  checkpoint(): Promise<void>;
}

/** The request fields a method's `validate`/`gradientClasses` hooks look at. */
export interface CamRequestInfo {
  readonly targets: readonly number[];
  readonly contrasts?: readonly (readonly number[])[];
  readonly numClasses: number;
  readonly batchSize: number;
}

export interface CamMethodDefinition<O extends object> {
  /** Kebab-case id (file name). */
  readonly id: string;
  /** Package namespace, for the instance's qualified id (default `cam`). */
  readonly namespace?: string;
  readonly displayName?: string;
  readonly description: string;
  readonly docsUrl?: string;
  readonly optionsSchema: OptionsSchema;
  readonly defaultOptions: O;
  readonly requires?: readonly Capability[];
  /** Whether the pipeline computes gradients before calling the hook. */
  readonly needsGradients: boolean;
  /** Whether `request.contrasts` must be given (contrastive methods). */
  readonly needsContrasts?: boolean;
  /** `'double'` (BaseCAM: min-max, resize, min-max; the default) or `'single'` (CASE: min-max, resize). */
  readonly normalization?: 'double' | 'single';
  /** Extra checks of the request (throw `SaliencyError`). Runs before any tensor work. */
  validate?(info: CamRequestInfo, options: Readonly<O>): void;
  /** Classes whose gradients are computed, per image; index 0 must be the target. Default `[[target]]`. */
  gradientClasses?(info: CamRequestInfo, options: Readonly<O>): number[][];
  /** `[B, C]` channel weights; the pipeline forms `Σ_k w_k A_k`. Returns a fresh tensor. */
  channelWeights?(ctx: CamContext, options: Readonly<O>): tf.Tensor2D | Promise<tf.Tensor2D>;
  /** `[B, h, w]` raw map (before ReLU), for methods without channel weights (LayerCAM). Returns a fresh tensor. */
  camImage?(ctx: CamContext, options: Readonly<O>): tf.Tensor3D | Promise<tf.Tensor3D>;
}

const numClassesCache = new WeakMap<ModelSplit, number>();

/** The model's class count: from the adapter when the plugin was given one, else from one head pass (cached). */
async function classCount(split: ModelSplit, body: () => BodyOutput, deps: PluginDeps): Promise<number> {
  if (deps.adapter) return deps.adapter.meta.numClasses;
  const hit = numClassesCache.get(split);
  if (hit !== undefined) return hit;
  const b = body();
  const n = tf.tidy(() => {
    const one = tf.slice(b.activation, [0, 0, 0, 0], [1, -1, -1, -1]);
    return split.head(one, crossingFor(b.crossing, 0, 1, b.activation.shape[0])).shape[1];
  });
  numClassesCache.set(split, n);
  return n;
}

/** Lets pending tasks (an abort, a progress bar) run; `setImmediate` in Node, a zero timeout elsewhere. */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  return new Promise<void>((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

function aborted(): SaliencyError {
  return new SaliencyError('SALIENCY_ABORTED', 'explain was aborted');
}

function checkTargets(targets: readonly number[], batch: number, numClasses: number, qid: string): void {
  if (targets.length !== batch) {
    throw new SaliencyError('SALIENCY_INVALID_TARGET', `${qid}: ${targets.length} targets given for a batch of ${batch} images`);
  }
  targets.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new SaliencyError('SALIENCY_INVALID_TARGET', `${qid}: target class ${c} for image ${i} is out of range [0, ${numClasses})`, { image: i, target: c });
    }
  });
}

/** Builds a saliency-method manifest from CAM hooks. */
export function defineCamMethod<O extends object>(def: CamMethodDefinition<O>): SaliencyMethodManifest<O> {
  if (!def.channelWeights === !def.camImage) {
    throw new Error(`defineCamMethod("${def.id}"): give exactly one of channelWeights or camImage`);
  }
  const qid = `${def.namespace ?? 'cam'}/${def.id}`;
  const normalization = def.normalization ?? 'double';
  return defineSaliencyMethod<O>({
    id: def.id,
    displayName: def.displayName,
    description: def.description,
    docsUrl: def.docsUrl,
    requires: def.requires ?? (def.needsGradients ? ['gradients', 'layer-activations'] : ['layer-activations', 'logits']),
    optionsSchema: def.optionsSchema,
    defaultOptions: def.defaultOptions,
    create(options: Readonly<O>, deps: PluginDeps): SaliencyMethod {
      return {
        id: qid,
        needsContrasts: def.needsContrasts ?? false,
        explain: (request) => explain(def, qid, normalization, options, deps, request),
      };
    },
  });
}

async function explain<O extends object>(
  def: CamMethodDefinition<O>,
  qid: string,
  normalization: 'double' | 'single',
  options: Readonly<O>,
  deps: PluginDeps,
  request: ExplainRequest,
): Promise<Explanation> {
  const { split, input, signal } = request;
  const throwIfAborted = (): void => {
    if (signal?.aborted) throw aborted();
  };
  const progress = (stage: string, done: number, total: number): void => request.onProgress?.({ stage, done, total });
  throwIfAborted();
  if (input.rank !== 4) {
    throw new SaliencyError('SALIENCY_INVALID_INPUT', `${qid}: input must be a [B, H, W, C] tensor (got shape [${input.shape.join(', ')}])`);
  }
  const [batch, inH, inW] = input.shape;
  const outputSize = request.outputSize ?? ([inH, inW] as const);
  if (!outputSize.every((v) => Number.isInteger(v) && v > 0)) {
    throw new SaliencyError('SALIENCY_INVALID_INPUT', `${qid}: outputSize must be two positive integers (got [${outputSize.join(', ')}])`);
  }
  await assertFinite(input, `${qid}: input images`);

  let body = request.body;
  const ownsBody = !body;
  const getBody = (): BodyOutput => (body ??= split.body(input));
  const owned: tf.Tensor[] = [];
  try {
    const numClasses = await classCount(split, getBody, deps);
    checkTargets(request.targets, batch, numClasses, qid);
    if (def.needsContrasts && !request.contrasts) {
      throw new SaliencyError('SALIENCY_INVALID_TARGET', `${qid}: this method needs contrast classes (request.contrasts)`);
    }
    const info: CamRequestInfo = { targets: request.targets, contrasts: request.contrasts, numClasses, batchSize: batch };
    def.validate?.(info, options);
    const b = getBody();
    if (b.activation.shape[0] !== batch) {
      throw new SaliencyError('SALIENCY_INVALID_INPUT', `${qid}: body activation has batch ${b.activation.shape[0]}, input has ${batch}`);
    }
    progress('body', 1, 1);
    throwIfAborted();

    let grads: tf.Tensor4D | undefined;
    let classGrads: tf.Tensor | undefined;
    let logits: tf.Tensor2D | undefined;
    if (def.needsGradients) {
      const classes = def.gradientClasses ? def.gradientClasses(info, options) : request.targets.map((t) => [t]);
      const cg = split.classGradients(b, classes);
      classGrads = cg.gradients;
      logits = cg.logits;
      owned.push(classGrads, logits);
      grads = classSlot(classGrads, 0);
      owned.push(grads);
      progress('gradients', 1, 1);
      throwIfAborted();
    }

    const extras: Record<string, number[]> = {};
    const ctx: CamContext = {
      split,
      input,
      body: b,
      activation: b.activation,
      targets: request.targets,
      contrasts: request.contrasts,
      numClasses,
      grads,
      classGrads,
      logits,
      extras,
      deps,
      progress,
      throwIfAborted,
      checkpoint: async () => {
        await yieldToEventLoop();
        throwIfAborted();
      },
    };

    let weights: tf.Tensor2D | undefined;
    let raw: tf.Tensor3D;
    if (def.channelWeights) {
      weights = await def.channelWeights(ctx, options);
      owned.push(weights);
      raw = weightedSum(b.activation, weights);
    } else {
      raw = await def.camImage!(ctx, options);
    }
    owned.push(raw);
    throwIfAborted();
    const maps = scaleCam(raw, outputSize, normalization);
    progress('maps', 1, 1);
    if (!request.intermediates) return { maps };
    const keep = new Set<tf.Tensor>([raw, ...(weights ? [weights] : [])]);
    owned.splice(0, owned.length, ...owned.filter((t) => !keep.has(t)));
    return { maps, raw, weights, extras };
  } finally {
    for (const t of owned) t.dispose();
    if (ownsBody) disposeBody(body);
  }
}
