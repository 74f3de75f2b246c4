import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SaliencyError, type ModelAdapter } from '@saliency/core';
import { loadModel } from '@saliency/adapters/node';
import type { StudySettings } from '../config/settings.js';
import type { Backend, ModelSpec } from '../config/types.js';
import { resolvePreprocessing, type Preprocessing } from '../data/preprocess.js';
import { findZooModel } from '../zoo/zoo-models.js';
import { at } from './at.js';
import { hashModelFiles } from './model-hash.js';

/** A model of the study, checked: its file loads and every layer exists and is spatial. */
export interface PreparedModel {
  /** Index in `config.models`. */
  readonly position: number;
  readonly id: string;
  /** Absolute path of the model.json. */
  readonly path: string;
  /** SHA-256 of model.json and its weights (see hashModelFiles). */
  readonly sha256: string;
  readonly zoo?: string;
  readonly layers: readonly string[];
  readonly preprocessing: Preprocessing;
  readonly backend: Backend;
  readonly inputShape: readonly [number, number, number];
  readonly numClasses: number;
  /** Test accuracy recorded in the zoo manifest, when there is one. */
  readonly accuracy?: number;
  /** Zoo models: the designed confuser of each class. */
  readonly designedConfusers?: readonly number[];
  /** Where the confusion-matrix selector's matrix comes from: a file, or counted on the calibration split. */
  readonly confusionMatrix: string | 'calibration';
}

const matrixOf = (m: string | undefined, root: string): string => (m === undefined || m === 'calibration' ? 'calibration' : resolve(root, m));

/** Where a config entry points, before loading: the zoo resolved, the path made absolute and checked. */
async function locate(spec: ModelSpec, where: string, root: string) {
  if (spec.zoo !== undefined) {
    const z = await findZooModel(spec.zoo, `${where}.zoo`);
    return {
      path: z.modelPath, id: spec.id ?? z.id, zoo: z.id, layers: spec.layers ?? z.layers, preprocessing: spec.preprocessing ?? z.preprocessing, accuracy: z.accuracy,
      designedConfusers: z.designedConfusers, confusionMatrix: matrixOf(spec.confusionMatrix ?? z.confusionMatrix, root),
    };
  }
  let path = resolve(root, spec.path!);
  if ((await stat(path).catch(() => null))?.isDirectory()) path = join(path, 'model.json');
  if (!(await stat(path).catch(() => null))?.isFile()) {
    throw new SaliencyError('SALIENCY_MODEL_NOT_FOUND', `${where}.path: model file not found: ${path}`, { path });
  }
  return { path, id: spec.id ?? basename(dirname(path)), layers: spec.layers, preprocessing: spec.preprocessing, accuracy: undefined, designedConfusers: undefined, confusionMatrix: matrixOf(spec.confusionMatrix, root) };
}

/** Checks each layer by splitting the model there (the adapter names the nearest layers when one is missing). */
async function checkLayers(adapter: ModelAdapter, layers: readonly string[] | undefined, where: string): Promise<string[]> {
  const chosen = layers?.length ? [...layers] : adapter.suggestedLayers().slice(0, 1);
  if (!chosen.length) throw new SaliencyError('SALIENCY_LAYER_NOT_SPATIAL', `${where}: model ${adapter.meta.id} has no spatial layer to compute maps on; name one in ${where}.layers`);
  for (const [j, layer] of chosen.entries()) await at(layers?.length ? `${where}.layers[${j}]` : `${where} (suggested layer)`, () => adapter.split(layer));
  return chosen;
}

/**
 * Resolves and loads every model once (on its backend, chosen by `useBackend`) to check files and layers before any
 * work; the adapters are disposed again, the runner loads each model when its turn comes.
 */
export async function prepareModels(specs: readonly ModelSpec[], s: StudySettings, root: string, useBackend: (b: Backend) => Promise<string>): Promise<PreparedModel[]> {
  const out: PreparedModel[] = [];
  for (const [i, spec] of specs.entries()) {
    const where = `config.models[${i}]`;
    const loc = await locate(spec, where, root);
    if (out.some((m) => m.id === loc.id)) {
      throw new SaliencyError('SALIENCY_INVALID_CONFIG', `${where}: model id "${loc.id}" is used twice; give one of them an "id"`);
    }
    const backend = spec.backend ?? s.backend;
    await useBackend(backend);
    const adapter = await at(where, () => loadModel(loc.path, { id: loc.id }));
    try {
      const layers = await checkLayers(adapter, loc.layers, where);
      const [h, w, c] = adapter.meta.inputShape;
      if (c !== 3) throw new SaliencyError('SALIENCY_INVALID_CONFIG', `${where}: model ${loc.id} takes ${c}-channel input; studies feed RGB images`);
      out.push({
        position: i, id: loc.id, path: loc.path, sha256: await hashModelFiles(loc.path), ...(loc.zoo ? { zoo: loc.zoo } : {}), layers,
        preprocessing: resolvePreprocessing(loc.preprocessing, [h, w]), backend, inputShape: [h, w, c], numClasses: adapter.meta.numClasses,
        ...(loc.accuracy !== undefined ? { accuracy: loc.accuracy } : {}),
        ...(loc.designedConfusers ? { designedConfusers: loc.designedConfusers } : {}),
        confusionMatrix: loc.confusionMatrix,
      });
    } finally {
      adapter.dispose();
    }
  }
  return out;
}
