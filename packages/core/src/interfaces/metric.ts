import type { Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';
import type { BodyOutput, ModelAdapter, ModelSplit } from './model-adapter.js';

/** Everything a metric may read for one batch; each metric declares what it needs in its manifest. */
export interface MetricInput {
  readonly adapter: ModelAdapter;
  /** `[B, H, W, C]` model input. */
  readonly input: Tensor4D;
  /** Target class per image (the class the maps explain). */
  readonly targets: readonly number[];
  /** `[B, H, W]` saliency maps for `targets`. */
  readonly maps?: Tensor3D;
  /** `[B, H, W]` second maps to compare with (e.g. the top-2 class's maps for agreement). */
  readonly otherMaps?: Tensor3D;
  /**
   * `[B, N]` logits of `input`, when the caller already has them (e.g. from the head of a shared body pass): a metric
   * that needs the clean prediction may use them instead of running the model again. Must equal `adapter.predict(input)`.
   */
  readonly logits?: Tensor2D;
  /** Split and body output at the analysed layer (channel activity). */
  readonly split?: ModelSplit;
  readonly body?: BodyOutput;
  /** Ground-truth labels, when the dataset has them. */
  readonly labels?: readonly number[];
  /** Per-image named masks `[H*W]` (0/1), when the dataset has them (ground-truth metrics). */
  readonly masks?: readonly Readonly<Record<string, Uint8Array>>[];
  /** Contrast class per image (ground-truth metrics). */
  readonly contrasts?: readonly (readonly number[])[];
}

/** The per-image result of a metric: one headline score per image plus named per-image columns. */
export interface MetricResult {
  /** One headline score per image (float64). */
  readonly scores: Float64Array;
  /** Further per-image values, e.g. `confBefore`, `confAfter`, `rawDrop`. */
  readonly columns?: Readonly<Record<string, Float64Array>>;
  /** Per-image structured values that are not scalars (e.g. selected pixel indices, active channel ids). */
  readonly details?: readonly Readonly<Record<string, unknown>>[];
}

export type ScoreDirection = 'higher' | 'lower' | 'neutral';
export type MetricCategory = 'faithfulness' | 'localisation' | 'complexity' | 'robustness' | 'randomisation' | 'sensitivity' | 'analysis';

/** A metric evaluates maps (or activations) and returns one score per image. Never disposes its inputs. */
export interface Metric {
  readonly id: string;
  evaluate(input: MetricInput): Promise<MetricResult>;
}
