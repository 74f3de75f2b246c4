import type { Tensor2D } from '@tensorflow/tfjs-core';

export interface ContrastRequest {
  /** One target class per image. */
  readonly targets: readonly number[];
  /** `[B, N]` logits of the images (selectors that look at the current prediction use them). Not disposed. */
  readonly logits: Tensor2D;
  /** How many contrast classes per image. */
  readonly k: number;
}

/** Picks, for each image and target class, the classes a contrastive method contrasts against. */
export interface ContrastSelector {
  readonly id: string;
  /** `k` contrast classes per image, most confusable first. Throws `SALIENCY_INVALID_TARGET` for bad k/targets. */
  select(request: ContrastRequest): Promise<number[][]>;
}
