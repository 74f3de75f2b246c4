import { extname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import { assertFinite, compose, disposeBatch, resizeHalfPixel, SaliencyError, type PluginRef, type TargetSpec } from '@saliency/core';
import { loadModel } from '@saliency/adapters/node';
import { createContext, useBackend, type GlobalOptions } from '../context.js';
import { preprocess, readImage } from '../image.js';
import { writeFileAtomic } from '@saliency/core/node';
import { resolveModelArg } from '../model-arg.js';
import { writeOverlayPng } from '../overlay.js';
import { parseFinite, parseJsonOption, parseSize, parseStd, parseTriple } from '../parse.js';

interface ExplainOptions {
  model: string;
  layer?: string;
  method: string;
  methodOptions?: string;
  image: string[];
  target: string;
  contrastMatrix?: string;
  contrastK: string;
  size?: string;
  scale: string;
  mean: string;
  std: string;
  out?: string;
  json?: string;
}

/** `out.png` → `out.png` for one image, `out-0.png`, `out-1.png`, ... for several. */
const numbered = (path: string, i: number, n: number): string => (n === 1 ? path : `${path.slice(0, path.length - extname(path).length)}-${i}${extname(path)}`);

/** `saliency explain`: one method on one or more images; a heat-map overlay PNG and the maps as JSON. */
export function registerExplainCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('explain')
    .description('compute a saliency map for images and write an overlay PNG and/or the maps as JSON')
    .requiredOption('-m, --model <model.json|zoo:id>', 'TF.js model on disk, or a shipped zoo model (zoo:resnet_mini: its recommended layer and confusion matrix become the defaults)')
    .option('-l, --layer <name>', 'target layer (default: a zoo model\'s recommended layer, else the first suggested by `saliency inspect`)')
    .requiredOption('--method <id>', 'saliency method id, e.g. cam/grad-cam or case/case')
    .option('--method-options <json>', 'method options as JSON, e.g. \'{"gradient":"spatial"}\'')
    .requiredOption('-i, --image <file>', 'PNG or JPEG image (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('-t, --target <class>', 'class index, top1 or top2', 'top1')
    .option('--contrast-matrix <file>', 'confusion matrix (JSON, CSV or .npy) for contrastive methods; default: a zoo model\'s shipped matrix, else the top logits')
    .option('--contrast-k <k>', 'contrast classes per image for contrastive methods', '1')
    .option('--size <h,w>', 'model input size (default: the model\'s own)')
    .option('--scale <s>', 'x = (pixel/255 · scale − mean) / std', '1')
    .option('--mean <r,g,b>', 'per-channel mean', '0,0,0')
    .option('--std <r,g,b>', 'per-channel std', '1,1,1')
    .option('-o, --out <file.png>', 'heat-map overlay PNG (numbered when several images)')
    .option('--json <file>', 'maps, raw low-resolution map and weights as JSON (numbered when several images)')
    .action(async (o: ExplainOptions) => {
      if (!o.out && !o.json) throw new SaliencyError('SALIENCY_INVALID_CONFIG', 'explain: give --out <file.png> and/or --json <file>');
      const ctx = await createContext(globals());
      const backend = await useBackend(globals(), ctx.logger);
      const images = await Promise.all(o.image.map(readImage));
      const model = await resolveModelArg(o.model);
      const adapter = await loadModel(model.path);
      try {
        const [mh, mw] = adapter.meta.inputShape;
        const [h, w] = o.size ? parseSize(o.size, '--size') : [mh, mw];
        if (h !== mh || w !== mw) throw new SaliencyError('SALIENCY_INVALID_CONFIG', `--size ${o.size}: model ${adapter.meta.id} takes ${mh}×${mw} images (without --size every image is resized to that)`);
        const layer = o.layer ?? model.zoo?.layers[0] ?? adapter.suggestedLayers()[0];
        if (!layer) throw new SaliencyError('SALIENCY_LAYER_NOT_SPATIAL', `${o.model} has no spatial layer to compute a map on`);
        const methodOptions = o.methodOptions ? parseJsonOption(o.methodOptions, '--method-options') : {};
        const contrastK = Number(o.contrastK);
        if (!Number.isInteger(contrastK) || contrastK < 1) throw new SaliencyError('SALIENCY_INVALID_CONFIG', `--contrast-k must be a positive integer (got ${o.contrastK})`);
        const matrix = o.contrastMatrix ?? model.zoo?.confusionMatrix;
        const selector: PluginRef = matrix ? ['case/confusion-matrix', { path: matrix }] : 'case/top-logits';
        const selectorId = typeof selector === 'string' ? selector : selector[0];
        // A contrastive method that declares its own contrastK follows --contrast-k unless its options say otherwise.
        const declares = 'contrastK' in (ctx.registry.get('saliency-method', o.method).manifest.defaultOptions as object);
        const method: PluginRef = [o.method, declares && !('contrastK' in methodOptions) ? { ...methodOptions, contrastK } : methodOptions];
        const exp = await compose(
          { model: ['adapters/layers-model', { path: model.path }], layer, methods: [method], contrastSelector: selector, contrastK },
          { registry: ctx.registry, logger: ctx.logger, adapter },
        );
        const target: TargetSpec = o.target === 'top1' || o.target === 'top2' ? o.target : images.map(() => parseClass(o.target, adapter.meta.numClasses));
        const preprocessing = { size: [h, w] as [number, number], scale: parseFinite(o.scale, '--scale'), mean: parseTriple(o.mean, '--mean'), std: parseStd(o.std) };
        const x = preprocess(images, preprocessing);
        try {
          // Finite flags can still overflow float32 (--std 1e-40): name the flags, not just "the input".
          await assertFinite(x, `the image tensor after --scale ${o.scale} --mean ${o.mean} --std ${o.std}`);
          const r = await exp.explainBatch(x, target, { intermediates: true, onProgress: (p) => ctx.logger.debug(`${p.stage} ${p.done}/${p.total}`) });
          const id = ctx.registry.get('saliency-method', o.method).qualifiedId;
          const ex = r.explanations.get(id)!;
          try {
            for (let i = 0; i < images.length; i++) {
              const img = images[i]!;
              const one = (t: tf.Tensor) => tf.tidy(() => tf.squeeze(tf.slice(t, i, 1), [0]));
              if (o.out) {
                const full = tf.tidy(() => resizeHalfPixel(tf.slice(ex.maps, i, 1) as tf.Tensor3D, [img.height, img.width]));
                await writeOverlayPng(numbered(o.out, i, images.length), img, (await full.data()) as Float32Array);
                full.dispose();
              }
              if (o.json) {
                const grab = async (t: tf.Tensor | undefined) => {
                  if (!t) return undefined;
                  const s = one(t);
                  const out = { shape: s.shape, data: Array.from(await s.data()) };
                  s.dispose();
                  return out;
                };
                // Everything in force is recorded, so a JSON file says how to reproduce it (nothing here is random).
                const doc = {
                  model: o.model, layer, method: id, backend, image: img.path, target: o.target, class: r.targets[i],
                  contrasts: r.contrasts?.[i], options: exp.settings[id], preprocessing,
                  contrast: exp.methods.get(id)!.needsContrasts ? { selector: selectorId, options: exp.settings[selectorId], k: contrastK } : undefined,
                  raw: await grab(ex.raw), map: await grab(ex.maps), weights: await grab(ex.weights),
                  extras: ex.extras ? Object.fromEntries(Object.entries(ex.extras).map(([k, v]) => [k, v[i]])) : undefined,
                };
                await writeFileAtomic(numbered(o.json, i, images.length), JSON.stringify(doc) + '\n');
              }
              process.stderr.write(`${img.path}: ${id} for class ${r.targets[i]}${o.out ? ` → ${numbered(o.out, i, images.length)}` : ''}${o.json ? ` (+ ${numbered(o.json, i, images.length)})` : ''}\n`);
            }
          } finally {
            disposeBatch(r);
          }
        } finally {
          x.dispose();
        }
      } finally {
        adapter.dispose();
      }
    });
}

function parseClass(v: string, numClasses: number): number {
  const c = Number(v);
  if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
    throw new SaliencyError('SALIENCY_INVALID_TARGET', `--target must be top1, top2 or a class index in [0, ${numClasses}) (got ${v})`);
  }
  return c;
}
