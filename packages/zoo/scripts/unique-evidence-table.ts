/**
 * The ground-truth benchmark of the paper's central claim: does CASE put more of its top-k% pixels on the part that
 * tells a class from its confuser than Grad-CAM does?
 *
 *   node --conditions=@saliency/source --import tsx packages/zoo/scripts/unique-evidence-table.ts \
 *        [--images 256] [--seed 2024] [--k 10] [--models vgg_mini,...] [--all-layers] [--json out.json] [--backend wasm]
 *        [--models-dir packages/zoo/models]
 *
 * For each shipped mini model (and its first recommended target layer, or every one with --all-layers): the first
 * `--images` correctly classified images of stream `(seed, 'unique-evidence')` of the synthetic parts dataset
 * (disjoint from the training, test and calibration streams), target = label, contrast = the label's designed
 * confuser; Grad-CAM and CASE (pooled, contrastK 1, that contrast) from the same body pass; `metrics/unique-evidence`
 * with kPercent `--k`. Paired tests over images: `ttestRel` and `wilcoxonPaired` (CASE − Grad-CAM), two-sided and
 * one-sided (H1: CASE > Grad-CAM), with Cohen's d_z and the matched-pairs rank-biserial correlation.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { PluginRegistry, createLogger, createRng, disposeBody, type DatasetSample, type Metric, type SaliencyMethod } from '@saliency/core';
import { loadModel, selectBackend, type BackendPreference } from '@saliency/adapters';
import { plugin as camPlugin } from '@saliency/methods-cam';
import { plugin as casePlugin } from '@saliency/method-case';
import { plugin as metricsPlugin } from '@saliency/metrics';
import { mean, ttestRel, wilcoxonPaired } from '@saliency/stats';
import { MINI_MODELS, createSyntheticPartsSource, designedConfuser, miniModelDir, readMiniManifest, registerFastGradients } from '../src/index.js';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '256' },
    seed: { type: 'string', default: '2024' },
    k: { type: 'string', default: '10' },
    models: { type: 'string' },
    'all-layers': { type: 'boolean', default: false },
    json: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    batch: { type: 'string', default: '32' },
    'models-dir': { type: 'string' },
  },
});

const COLUMNS = ['uniqueTopK', 'sharedTopK', 'outsideTopK', 'uniqueMass', 'sharedMass', 'uniqueArea'] as const;
type Column = (typeof COLUMNS)[number];
type PerImage = Record<Column, number[]>;

interface Row {
  model: string;
  layer: string;
  images: number;
  scanned: number;
  gradCam: Record<Column, number>;
  case: Record<Column, number>;
  meanDiff: number;
  ttest: { t: number; pTwoSided: number; pGreater: number; cohensDz: number };
  wilcoxon: { statistic: number; pTwoSided: number; pGreater: number; rankBiserial: number; method: string };
  perImage: { ids: string[]; gradCam: PerImage; case: PerImage };
}

const empty = (): PerImage => Object.fromEntries(COLUMNS.map((c) => [c, [] as number[]])) as unknown as PerImage;

async function run(): Promise<void> {
  const wanted = Number(values.images);
  const seed = Number(values.seed);
  const kPercent = Number(values.k);
  const batchSize = Number(values.batch);
  const backend = await selectBackend(values.backend as BackendPreference);
  // LayerNorm tiles γ/β; tfjs-core's Tile gradient is one op per repetition (ConvNeXt heads): use the fast one.
  const restoreGradients = registerFastGradients();
  const registry = new PluginRegistry();
  for (const p of [camPlugin, casePlugin, metricsPlugin]) registry.register(p);
  const specs = values.models ? MINI_MODELS.filter((m) => values.models!.split(',').includes(m.id)) : MINI_MODELS;
  const rows: Row[] = [];
  for (const spec of specs) {
    const dir = values['models-dir'] ? join(values['models-dir'], spec.id) : fileURLToPath(miniModelDir(spec.id));
    const manifest = await readMiniManifest(dir);
    const adapter = await loadModel(dir);
    const deps = { rng: createRng(seed), logger: createLogger('warn'), adapter };
    const gradCam: SaliencyMethod = await registry.create('saliency-method', 'cam/grad-cam', deps);
    const caseMethod: SaliencyMethod = await registry.create('saliency-method', ['case/case', { contrastK: 1 }], deps);
    const metric: Metric = await registry.create('metric', ['metrics/unique-evidence', { kPercent }], deps);
    const layers = values['all-layers'] ? manifest.targetLayers : manifest.targetLayers.slice(0, 1);
    // Pick the first `wanted` correctly classified images (the same for every layer of this model).
    const source = createSyntheticPartsSource({ seed, split: 'unique-evidence', size: wanted * 4 });
    const chosen: DatasetSample[] = [];
    let scanned = 0;
    let pending: DatasetSample[] = [];
    const [h, w, c] = adapter.meta.inputShape;
    const stack = (samples: readonly DatasetSample[]) => {
      const data = new Float32Array(samples.length * h * w * c);
      samples.forEach((s, i) => data.set(s.image, i * h * w * c));
      return tf.tensor4d(data, [samples.length, h, w, c]);
    };
    const flush = async () => {
      const x = stack(pending);
      const pred = tf.tidy(() => tf.argMax(adapter.predict(x), 1));
      const p = await pred.data();
      tf.dispose([x, pred]);
      pending.forEach((s, i) => {
        if (p[i] === s.label && chosen.length < wanted) chosen.push(s);
      });
      scanned += pending.length;
      pending = [];
    };
    for await (const s of source.samples()) {
      pending.push(s);
      if (pending.length === 64) await flush();
      if (chosen.length >= wanted) break;
    }
    if (pending.length && chosen.length < wanted) await flush();
    for (const layer of layers) {
      const split = adapter.split(layer.layer);
      const per = { gradCam: empty(), case: empty() };
      for (let start = 0; start < chosen.length; start += batchSize) {
        const batch = chosen.slice(start, start + batchSize);
        const input = stack(batch);
        const targets = batch.map((s) => s.label!);
        const contrasts = targets.map((t) => [designedConfuser(t)]);
        const masks = batch.map((s) => s.masks!);
        const body = split.body(input);
        for (const [name, method] of [['gradCam', gradCam], ['case', caseMethod]] as const) {
          const ex = await method.explain({ split, input, body, targets, contrasts: name === 'case' ? contrasts : undefined });
          const r = await metric.evaluate({ adapter, input, targets, maps: ex.maps, masks, contrasts });
          for (const col of COLUMNS) per[name][col].push(...r.columns![col]!);
          tf.dispose([ex.maps, ex.raw, ex.weights].filter((t) => t !== undefined) as tf.Tensor[]);
        }
        disposeBody(body);
        input.dispose();
      }
      const a = per.case.uniqueTopK;
      const b = per.gradCam.uniqueTopK;
      const t2 = ttestRel(a, b);
      const t1 = ttestRel(a, b, { alternative: 'greater' });
      const w2 = wilcoxonPaired(a, b);
      const w1 = wilcoxonPaired(a, b, { alternative: 'greater' });
      const means = (p: PerImage) => Object.fromEntries(COLUMNS.map((col) => [col, mean(p[col].filter(Number.isFinite))])) as Record<Column, number>;
      rows.push({
        model: spec.id,
        layer: layer.layer,
        images: chosen.length,
        scanned,
        gradCam: means(per.gradCam),
        case: means(per.case),
        meanDiff: t2.estimate,
        ttest: { t: t2.statistic, pTwoSided: t2.pvalue, pGreater: t1.pvalue, cohensDz: t2.cohensDz },
        wilcoxon: { statistic: w2.statistic, pTwoSided: w2.pvalue, pGreater: w1.pvalue, rankBiserial: w2.rankBiserial, method: w2.effectiveMethod },
        perImage: { ids: chosen.map((s) => s.id), ...per },
      });
      process.stderr.write(`${spec.id} @ ${layer.layer}: done (${chosen.length} images)\n`);
    }
    adapter.dispose();
  }
  restoreGradients();

  const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
  const p = (x: number) => (x < 1e-4 ? x.toExponential(1) : x.toFixed(4));
  console.log(`\nUnique-evidence benchmark: top-${kPercent}% pixels, target = label, contrast = designed confuser, correctly classified images of stream (seed ${seed}, 'unique-evidence'); backend ${backend.name}.`);
  console.log('Fractions are means over images; Δ = CASE − Grad-CAM (paired); p two-sided (one-sided H1: CASE > Grad-CAM).\n');
  console.log('| model | layer | n | unique area | Grad-CAM unique | CASE unique | Δ | paired t p | Wilcoxon p | d_z | r_rb | Grad-CAM shared | CASE shared | Grad-CAM unique mass | CASE unique mass |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.model} | ${r.layer} | ${r.images} | ${f(r.gradCam.uniqueArea)} | ${f(r.gradCam.uniqueTopK)} | ${f(r.case.uniqueTopK)} | ${r.meanDiff >= 0 ? '+' : ''}${f(r.meanDiff)} | ` +
        `${p(r.ttest.pTwoSided)} (${p(r.ttest.pGreater)}) | ${p(r.wilcoxon.pTwoSided)} (${p(r.wilcoxon.pGreater)}) | ${f(r.ttest.cohensDz, 2)} | ${f(r.wilcoxon.rankBiserial, 2)} | ` +
        `${f(r.gradCam.sharedTopK)} | ${f(r.case.sharedTopK)} | ${f(r.gradCam.uniqueMass)} | ${f(r.case.uniqueMass)} |`,
    );
  }
  if (values.json) await writeFile(values.json, JSON.stringify({ kPercent, seed, backend: backend.name, rows }, null, 1) + '\n');
}

run().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`unique-evidence-table failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`.split('\n').slice(0, 8).join('\n'));
    process.exit(1);
  },
);
