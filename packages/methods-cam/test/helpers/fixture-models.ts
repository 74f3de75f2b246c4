/** Loads the oracle fixture models through the real adapter, and builds conformance fixtures from them. */
import * as tf from '@tensorflow/tfjs-core';
import { loadModel, selectBackend } from '@saliency/adapters';
import type { ModelAdapter } from '@saliency/core';
import type { MethodFixture } from '@saliency/core/testing';
import { FIXTURES, readCases, readInputs } from './oracle.js';

export const BACKENDS = ['cpu', 'wasm'] as const;
export type TestBackend = (typeof BACKENDS)[number];
export const MODELS = ['vggish', 'resish'] as const;

export async function useBackend(name: TestBackend): Promise<void> {
  const sel = await selectBackend(name);
  if (sel.name !== name) throw new Error(`wanted backend ${name}, got ${sel.name}`);
}

export function loadFixtureModel(name: string): Promise<ModelAdapter> {
  return loadModel(`${FIXTURES}/${name}`);
}

/** `[n, H, W, C]` tensor of every fixture image. */
export async function allInputs(): Promise<tf.Tensor4D> {
  const inputs = await readInputs();
  return tf.tensor4d(inputs.data, inputs.shape);
}

/**
 * A conformance fixture: the whole 4-image batch on vggish at its target layer, with each image's top-1 class as
 * target (read from the fixture, not computed).
 */
export function conformanceFixture(model = 'vggish'): () => Promise<MethodFixture> {
  let cached: Promise<MethodFixture> | undefined;
  return () =>
    (cached ??= (async () => {
      await useBackend('cpu');
      const adapter = await loadFixtureModel(model);
      const cases = await readCases(model);
      const inputs = await readInputs();
      const input = await allInputs();
      const targets = inputs.imageIndices.map((i) => cases.images.find((im) => im.image_index === i)!.top1 as number);
      return { adapter, split: adapter.split(cases.target_layer), input, targets };
    })());
}
