/** One image of a dataset, already decoded to float32 `[H, W, C]` in model-input space. */
export interface DatasetSample {
  /** Stable id (file path, index), used to pair results across methods and to resume runs. */
  readonly id: string;
  readonly image: Float32Array;
  readonly shape: readonly [number, number, number];
  readonly label?: number;
  /** Named binary masks `[H*W]` (e.g. the parts of a synthetic image), for ground-truth metrics. */
  readonly masks?: Readonly<Record<string, Uint8Array>>;
}

export interface DatasetMeta {
  readonly id: string;
  /** Number of samples, when known. */
  readonly size?: number;
  readonly numClasses?: number;
  readonly classNames?: readonly string[];
}

/** A source of labelled images. Iteration order is deterministic for a given seed. */
export interface DatasetSource {
  readonly meta: DatasetMeta;
  /** Yields samples in a deterministic order; `indices` restricts to those positions. */
  samples(options?: { readonly indices?: readonly number[] }): AsyncIterable<DatasetSample>;
}
