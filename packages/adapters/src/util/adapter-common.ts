import type * as tf from '@tensorflow/tfjs-core';
import { SaliencyError, type OptionsSchema } from '@saliency/core';

/** Options of the model-adapter manifests: which model.json to load, and an optional id for `meta.id`. */
export interface ModelFileOptions {
  /** Path of the `model.json` (or of the folder holding it); weight shards are read from beside it. */
  readonly path?: string;
  /** `meta.id` (confusion matrices are keyed by it); defaults to the folder name of `path`. */
  readonly id?: string;
}

// `path` is not `required`: defaults must satisfy the schema, and a model path has no sensible default. `create`
// reports a missing path with the same error shape the validator would.
export const modelOptionsSchema: OptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    path: { type: 'string', minLength: 1 },
    id: { type: 'string', minLength: 1 },
  },
};

export function requirePath(qualifiedId: string, options: Readonly<ModelFileOptions>): string {
  if (!options.path) throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Plugin "${qualifiedId}": options must have option "path" (the model.json to load)`, { plugin: qualifiedId });
  return options.path;
}

/** `SALIENCY_INVALID_INPUT` unless `input` is a float32 `[B, H, W, C]` batch of the model's image size. */
export function checkInput(modelId: string, inputShape: readonly number[], input: tf.Tensor): void {
  const ok = input.rank === 4 && input.shape[0]! > 0 && input.shape.slice(1).every((d, i) => d === inputShape[i]) && input.dtype === 'float32';
  if (!ok) {
    throw new SaliencyError(
      'SALIENCY_INVALID_INPUT',
      `Model "${modelId}" takes float32 [B, ${inputShape.join(', ')}] images; got ${input.dtype} [${input.shape.join(', ')}]`,
      { expected: inputShape, got: input.shape },
    );
  }
}
