import type { Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';
import type { BodyOutput, ModelSplit } from './model-adapter.js';

/** Progress of a long computation (Score-CAM's masked passes, Ablation-CAM's ablated batches). */
export interface Progress {
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}

/** What a method needs for one batch of images. */
export interface ExplainRequest {
  /** The model split at the target layer. */
  readonly split: ModelSplit;
  /** `[B, H, W, C]` model input (already preprocessed). Not disposed by the method. */
  readonly input: Tensor4D;
  /** The body output for `input`, shared by every method of a run; computed by the method when absent. */
  readonly body?: BodyOutput;
  /** One target class per image. */
  readonly targets: readonly number[];
  /** Contrast classes per image (from a ContrastSelector); required by contrastive methods. */
  readonly contrasts?: readonly (readonly number[])[];
  /** `[H, W]` of the output maps; defaults to the input's spatial size. */
  readonly outputSize?: readonly [number, number];
  /** Also return the low-resolution raw map and the channel weights. */
  readonly intermediates?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/** The result of {@link SaliencyMethod.explain}; the caller owns (and disposes) every tensor in it. */
export interface Explanation {
  /** `[B, H, W]` maps in `[0, 1]`. */
  readonly maps: Tensor3D;
  /** `[B, h, w]` low-resolution map before ReLU and scaling (with `intermediates`). */
  readonly raw?: Tensor3D;
  /** `[B, C]` channel weights, for methods that have them (with `intermediates`). */
  readonly weights?: Tensor2D;
  /** Method-specific scalars per image (e.g. CASE's projection coefficient), with `intermediates`. */
  readonly extras?: Readonly<Record<string, readonly number[]>>;
}

/**
 * A saliency method. Callees never dispose inputs and return fresh tensors the caller owns.
 */
export interface SaliencyMethod {
  /** Qualified id, e.g. `cam/grad-cam`. */
  readonly id: string;
  /** True when {@link ExplainRequest.contrasts} must be given. */
  readonly needsContrasts: boolean;
  explain(request: ExplainRequest): Promise<Explanation>;
}
