import { compose, type Logger, type PluginRef, type PluginRegistry } from '@saliency/core';
import { loadModel } from '@saliency/adapters/node';
import type { Backend } from '../config/types.js';
import { toDisplayRgb, type Preprocessing } from '../data/preprocess.js';
import { readSamples, selectImages, stackSamples, type SelectedImage } from '../data/sampling.js';
import { openDataset } from '../preflight/dataset.js';
import type { PreparedModel } from '../preflight/models.js';
import type { PreparedStudy } from '../preflight/preflight.js';
import { writeGridImages } from '../report/grid-files.js';
import { runBatch, type LayerContext } from './batch-step.js';
import { modelSelector, type MatrixRecord } from './contrast-matrix.js';
import type { StudyEventHandler } from './events.js';
import { rowKey, type ResultsLog } from './results-log.js';
import { buildLayerContext } from './layer-context.js';

export interface RunEnv {
  readonly study: PreparedStudy;
  readonly registry: PluginRegistry;
  readonly log: ResultsLog;
  readonly outDir: string;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  readonly emit: StudyEventHandler;
  readonly useBackend: (b: Backend) => Promise<string>;
  /** Relative paths in records are relative to this folder. */
  readonly root: string;
  /** Image passes done and planned, over the whole study (updated in place). */
  readonly progress: { done: number; total: number };
}

/** What the summary records about one model's run (deterministic: recomputed identically on resume). */
export interface ModelRecord {
  readonly model: PreparedModel;
  readonly backend: string;
  readonly images: readonly SelectedImage[];
  readonly examined: number;
  readonly hasMasks: boolean;
  /** `[h, w, c]` of each layer's activation. */
  readonly layerShapes: Readonly<Record<string, readonly [number, number, number]>>;
  /** The contrast selector's confusion matrix: where it came from. */
  readonly matrix: MatrixRecord;
}

/** The keys one image contributes at one layer, to tell done batches from missing ones on resume. */
function expectedKeys(ctx: LayerContext, im: SelectedImage, hasMasks: boolean): string[] {
  const k = (method: string, measure: string) => rowKey({ model: ctx.model, layer: ctx.split.layer, image: im.id, method, measure });
  const keys: string[] = [];
  const correct = im.correct !== false;
  if (ctx.channelActivity && correct) keys.push(k('-', 'active-channels'));
  for (const id of ctx.methods.keys()) {
    if (ctx.agreement) keys.push(k(id, 'agreement'));
    if (ctx.confidenceDrop && correct) keys.push(k(id, 'confidence-drop'));
    if (ctx.groundTruth && hasMasks && correct) keys.push(k(id, 'ground-truth'));
  }
  return keys;
}

/** Picks the sample and the contrast matrix, then runs every layer batch by batch. */
export async function runModel(m: PreparedModel, env: RunEnv): Promise<ModelRecord | 'stopped'> {
  const { settings: s, plugins, plan } = env.study;
  const backend = await env.useBackend(m.backend);
  env.emit({ type: 'model', model: m.id, backend, layers: m.layers });
  const adapter = await loadModel(m.path, { id: m.id });
  try {
    const source = await openDataset(env.registry, plugins.dataset, m, s.seed, env.logger);
    const sel = await selectImages({ adapter, source, pool: plan.pool, want: s.sampling.images, correctOnly: s.sampling.correctOnly, batchSize: s.sampling.batchSize, signal: env.signal });
    env.emit({ type: 'selection', model: m.id, requested: s.sampling.images, selected: sel.images.length, examined: sel.examined });
    if (sel.images.length < s.sampling.images) env.emit({ type: 'warning', message: `${m.id}: only ${sel.images.length} of ${s.sampling.images} requested images qualify (${sel.examined} examined)` });
    env.progress.total += (sel.images.length - s.sampling.images) * m.layers.length;

    const { selector, matrix } = await modelSelector(m, adapter, source, env, env.root);

    const first = sel.images.length ? await readSamples(source, [sel.images[0]!.index]) : [];
    const hasMasks = !!first[0]?.masks;
    if (hasMasks && plugins.groundTruthMissing) env.emit({ type: 'warning', message: `${m.id}: the images have masks but the ground-truth metric ${plugins.groundTruthMissing} is not installed; that measure is skipped` });
    // How the samples were normalised, to show them as pictures: the model's preprocessing when the source took it,
    // the source's own otherwise, else none (a source without the option yields [0, 1] RGB).
    const display = plugins.dataset.injectPreprocessing ? m.preprocessing : ((plugins.dataset.options.preprocessing as Preprocessing | null | undefined) ?? { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] });
    const layerShapes: Record<string, readonly [number, number, number]> = {};
    // The grid pictures are only for the report; they are files so that a resumed run still has them.
    const gridPositions = new Set(Array.from({ length: s.outputs.report ? Math.min(s.outputs.gridImages, sel.images.length) : 0 }, (_, i) => i));
    for (const [j, layer] of m.layers.entries()) {
      const exp = await compose(
        { model: 'adapters/layers-model', layer, methods: plugins.methods.map(([id, o]) => [id, { ...o }] as PluginRef), contrastSelector: selector, contrastK: s.contrast.k, seed: s.seed },
        { registry: env.registry, adapter, logger: env.logger },
      );
      layerShapes[layer] = exp.split.activationShape;
      const designed = s.groundTruth && s.groundTruth.contrast === 'designed' ? m.designedConfusers : undefined;
      const ctx = await buildLayerContext(env.registry, exp, m.id, plugins, s.contrast.k, j === 0, env.logger, designed);
      for (let b = 0; b < sel.images.length; b += s.sampling.batchSize) {
        if (env.signal?.aborted) return 'stopped';
        const batch = sel.images.slice(b, b + s.sampling.batchSize);
        const done = batch.every((im) => expectedKeys(ctx, im, hasMasks).every((key) => env.log.has(key)));
        if (!done) {
          const samples = await readSamples(source, batch.map((im) => im.index));
          const x = stackSamples(samples, adapter);
          try {
            const out = await runBatch(ctx, batch, samples, x, j === 0 ? gridPositions : new Set());
            for (const g of out.grid) {
              const i = batch.findIndex((im) => im.position === g.position);
              const [h, w] = m.inputShape;
              const rgb = toDisplayRgb(display, samples[i]!.image, h * w);
              await writeGridImages(env.outDir, m.id, g.position, rgb, h, w, g.maps, s.agreement ? s.agreement.kPercent : 5, s.agreement ? s.agreement.tieOrder : 'value-then-index');
            }
            await env.log.append(out.rows);
          } finally {
            x.dispose();
          }
        }
        env.progress.done += batch.length;
        env.emit({ type: 'progress', model: m.id, layer, done: env.progress.done, total: env.progress.total, skipped: done, batchImages: batch.length });
      }
    }
    return { model: m, backend, images: sel.images, examined: sel.examined, hasMasks, layerShapes, matrix };
  } finally {
    adapter.dispose();
  }
}
