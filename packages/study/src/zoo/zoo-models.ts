import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { nearestNames, SaliencyError, type PluginPackage, type PluginRegistry } from '@saliency/core';
import type { PreprocessingSpec } from '../config/types.js';

/** A model shipped in `@saliency/zoo` (`models/<id>/manifest.json` beside `model.json`). */
export interface ZooModel {
  readonly id: string;
  /** Architecture family (`vgg`, `resnet`, `densenet`, `convnext`). */
  readonly family?: string;
  readonly modelPath: string;
  /** Recommended target layers, best first (the second, when present, is the Table II layer). */
  readonly layers: readonly string[];
  readonly preprocessing?: PreprocessingSpec;
  readonly accuracy?: number;
  readonly classNames?: readonly string[];
  /** Per class, the class it was designed to be confused with (the ground-truth metric's contrast). */
  readonly designedConfusers?: readonly number[];
  /** The confusion matrix it ships (rows = true class), counted on the zoo's calibration stream. */
  readonly confusionMatrix?: string;
  /** The synthetic dataset it was trained on (`dataset` of the manifest), to evaluate on its held-out split. */
  readonly dataset?: { readonly id: string; readonly seed: number; readonly imageSize: number; readonly testSplit: string };
}

type ZooModule = { plugin?: PluginPackage };
let zooModule: Promise<ZooModule | undefined> | undefined;

/**
 * Imports `@saliency/zoo` once: its import registers the custom layers (LayerScale, ...) its saved models need
 * before they load, and its plugin package brings the synthetic dataset. Undefined when it is not installed.
 */
export function importZoo(): Promise<ZooModule | undefined> {
  zooModule ??= import('@saliency/zoo').then((m) => m as ZooModule, () => undefined);
  return zooModule;
}

/**
 * Registers the zoo's plugins (its synthetic dataset, `zoo/synthetic-parts`) unless the registry has them already
 * (discovery finds them too when the project depends on `@saliency/zoo` directly).
 */
export async function registerZooPlugins(registry: PluginRegistry): Promise<void> {
  const pkg = (await importZoo())?.plugin;
  if (pkg && !registry.list().some((p) => p.packageName === pkg.meta.name)) registry.register(pkg);
}

/** The folder holding the zoo's shipped models, or undefined when `@saliency/zoo` is not installed. */
export function zooModelsDir(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@saliency/zoo/package.json')), 'models');
  } catch {
    return undefined;
  }
}

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);

/** Reads the parts of a zoo manifest a study uses; unknown fields are ignored (the zoo owns the format). */
function fromManifest(id: string, dir: string, m: Record<string, unknown>): ZooModel {
  const layerField = m.targetLayers ?? m.layers ?? m.recommendedLayers;
  // `targetLayers` is a list of {layer, outputShape, role} (or plain names).
  const layers = strings(layerField) ?? (Array.isArray(layerField) ? layerField.map((l) => (l as { layer?: string; name?: string }).layer ?? (l as { name?: string }).name).filter((n): n is string => !!n) : []);
  const ds = m.dataset as { id?: unknown; seed?: unknown; imageSize?: unknown; testSplit?: unknown } | undefined;
  const confusers = m.designedConfusers;
  const pre = m.preprocessing as Record<string, unknown> | undefined;
  const triple = (v: unknown) => (Array.isArray(v) && v.length === 3 ? (v as [number, number, number]) : undefined);
  const accuracy = (m.accuracy ?? m.testAccuracy) as unknown;
  return {
    id,
    ...(typeof m.family === 'string' ? { family: m.family } : {}),
    modelPath: join(dir, typeof m.model === 'string' ? m.model : 'model.json'),
    layers,
    ...(pre ? { preprocessing: { ...(typeof pre.scale === 'number' ? { scale: pre.scale } : {}), ...(triple(pre.mean) ? { mean: triple(pre.mean)! } : {}), ...(triple(pre.std) ? { std: triple(pre.std)! } : {}) } } : {}),
    ...(typeof accuracy === 'number' ? { accuracy } : typeof (accuracy as { test?: number })?.test === 'number' ? { accuracy: (accuracy as { test: number }).test } : {}),
    ...(strings(m.classes) ? { classNames: strings(m.classes)! } : {}),
    ...(typeof (m.confusionMatrix as { file?: unknown } | undefined)?.file === 'string' ? { confusionMatrix: join(dir, (m.confusionMatrix as { file: string }).file) } : {}),
    ...(Array.isArray(confusers) && confusers.every((c) => Number.isInteger(c)) ? { designedConfusers: confusers as number[] } : {}),
    ...(ds && typeof ds.id === 'string' && typeof ds.seed === 'number'
      ? { dataset: { id: ds.id, seed: ds.seed, imageSize: typeof ds.imageSize === 'number' ? ds.imageSize : 32, testSplit: typeof ds.testSplit === 'string' ? ds.testSplit : 'test' } }
      : {}),
  };
}

/** Every shipped zoo model, sorted by id (empty when the zoo ships none yet). */
export async function listZooModels(dir = zooModelsDir()): Promise<ZooModel[]> {
  if (!dir) return [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: ZooModel[] = [];
  for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const text = await readFile(join(dir, e.name, 'manifest.json'), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new SaliencyError('SALIENCY_MODEL_INVALID', `${join(dir, e.name, 'manifest.json')}: not valid JSON (${(err as Error).message})`);
    }
    out.push(fromManifest(typeof m.id === 'string' ? m.id : e.name, join(dir, e.name), m));
  }
  return out;
}

/** The zoo model `id`; an unknown id names the shipped ones (with a did-you-mean). */
export async function findZooModel(id: string, where: string): Promise<ZooModel> {
  await importZoo();
  const all = await listZooModels();
  const hit = all.find((m) => m.id === id);
  if (hit) return hit;
  const ids = all.map((m) => m.id);
  const hint = nearestNames(id, ids, 1);
  const known = ids.length ? `shipped: ${ids.join(', ')}${hint.length ? `; did you mean "${hint[0]}"?` : ''}` : '@saliency/zoo ships no models in this installation';
  throw new SaliencyError('SALIENCY_MODEL_NOT_FOUND', `${where}: unknown zoo model "${id}" (${known})`, { zoo: id });
}
