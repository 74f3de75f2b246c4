import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';

/** One layer (LayersModel) or node (GraphModel) a model can be split at. */
export interface LayerInfo {
  /** Name to pass to {@link ModelAdapter.split}. */
  readonly name: string;
  /** Keras class name (`Conv2D`, `Add`, ...) or graph op (`Conv2D`, `Relu`, ...). */
  readonly className: string;
  /** Output shape with the batch dimension first (`null` where unknown/variable). */
  readonly outputShape: readonly (number | null)[];
  /** True when the output is a 4-D `[B,h,w,C]` feature map, i.e. something a CAM can be computed on. */
  readonly spatial: boolean;
  /** Names of the layers whose outputs feed this one. */
  readonly inbound: readonly string[];
}

/** What a model is and what it takes. */
export interface ModelMeta {
  /** A stable id for the model (file stem or model name); selectors key confusion matrices by it. */
  readonly id: string;
  readonly format: 'layers-model' | 'graph-model';
  /** `[H, W, C]` of one input image (NHWC, without batch). */
  readonly inputShape: readonly [number, number, number];
  readonly numClasses: number;
  /** The activation of the original output. `softmax` outputs are undone: the adapter always returns logits. */
  readonly outputActivation: 'linear' | 'softmax';
  /** Where the model was loaded from, when it came from disk. */
  readonly source?: string;
}

/**
 * The output of the model's body (input → target layer): the activation `A` plus the *crossing* tensors, i.e.
 * tensors computed before the layer that later layers still read (skip connections over the split point).
 * The caller owns it; dispose it with {@link disposeBody}.
 */
export interface BodyOutput {
  /** `[B, h, w, C]` activation of the split layer. */
  readonly activation: Tensor4D;
  /** Skip tensors the head needs, in {@link ModelSplit.crossingNames} order, each with batch dimension B. */
  readonly crossing: readonly Tensor[];
}

/** Gradients of several class logits with respect to the split activation. */
export interface ClassGradients {
  /** `[B, N]` logits of the (un-tiled) batch. */
  readonly logits: Tensor2D;
  /** `[B, K, h, w, C]`: `gradients[b, k] = d logit[classes[b][k]] / d A[b]`. */
  readonly gradients: Tensor;
}

/** A model split at one layer into body (input → A) and head (A → logits). */
export interface ModelSplit {
  /** The split layer's name. */
  readonly layer: string;
  /** `[h, w, C]` of the activation. */
  readonly activationShape: readonly [number, number, number];
  /** Names of the crossing tensors (empty for a plain chain). */
  readonly crossingNames: readonly string[];
  /** Runs the model up to and including the split layer. Returns fresh tensors the caller owns. */
  body(input: Tensor4D): BodyOutput;
  /**
   * Runs the rest of the model on an activation (and the crossing tensors, batch-aligned with it) and returns
   * `[B, N]` logits. Differentiable with respect to `activation`; any batch size.
   */
  head(activation: Tensor4D, crossing: readonly Tensor[]): Tensor2D;
  /**
   * `d logit[c] / d A` for every class in `classes[b]` (same count K for every image), all from one batched
   * head pass; no weight gradient is ever computed. Does not dispose `body`.
   */
  classGradients(body: BodyOutput, classes: readonly (readonly number[])[]): ClassGradients;
  /**
   * Optional fast path for channel ablation (Ablation-CAM): `[B, C]` where entry `[b, k]` is the logit of class
   * `classes[b]` for image b when channel k of the activation is replaced everywhere by `fills[b, k]` (`[B, C]`) and
   * nothing else changes, for all C channels at once. An adapter offers it only where that is exact up to float
   * rounding and far cheaper than C head passes (a head that is per-channel up to a global pooling followed by a
   * linear classifier needs two head-sized passes). Methods fall back to batched head passes when it is absent.
   * Returns a fresh tensor; disposes nothing.
   */
  ablatedLogits?(body: BodyOutput, fills: Tensor2D, classes: readonly number[]): Tensor2D;
}

/**
 * A loaded classifier. Every method and metric reaches the model only through this interface, so TF.js
 * LayersModels, GraphModels and third-party formats are interchangeable.
 */
export interface ModelAdapter {
  readonly meta: ModelMeta;
  /** Every layer/node in topological order, with output shapes. */
  layers(): readonly LayerInfo[];
  /** `[B, N]` logits for a `[B, H, W, C]` batch (a softmax output layer is undone). Fresh tensor. */
  predict(input: Tensor4D): Tensor2D;
  /**
   * Splits the model at `layer` (cached per layer). Throws `SALIENCY_UNKNOWN_LAYER` (with the nearest names) or
   * `SALIENCY_LAYER_NOT_SPATIAL`.
   */
  split(layer: string): ModelSplit;
  /** Layers a CAM is usually computed on: the last spatial layers before global pooling, best first. */
  suggestedLayers(): readonly string[];
  /** Frees the model's weights and every cached split. */
  dispose(): void;
}

/** Disposes every tensor of a {@link BodyOutput}. */
export function disposeBody(body: BodyOutput | undefined): void {
  if (!body) return;
  body.activation.dispose();
  for (const t of body.crossing) t.dispose();
}
