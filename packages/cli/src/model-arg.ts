import { findZooModel, type ZooModel } from '@saliency/study';

/** A `--model` value: a model.json (or its folder) on disk, or `zoo:<id>` for a model the zoo ships. */
export interface ModelArg {
  readonly path: string;
  /** The zoo entry, whose manifest gives the recommended layers and the shipped confusion matrix. */
  readonly zoo?: ZooModel;
}

export async function resolveModelArg(value: string): Promise<ModelArg> {
  if (!value.startsWith('zoo:')) return { path: value };
  // Importing the zoo (inside findZooModel) also registers the custom layers its ConvNeXt model needs to load.
  const zoo = await findZooModel(value.slice('zoo:'.length), '--model');
  return { path: zoo.modelPath, zoo };
}
