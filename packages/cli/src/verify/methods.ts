/**
 * `saliency verify` for saliency methods: recomputes every `cases[]` and `extra_cases[]` entry of an oracle
 * fixture directory (fixtures/oracle/FORMAT.md layout) with the registered plugins and compares with the reference
 * using the tolerances of FORMAT.md §9. Nothing is keyed to the public fixtures: every model folder holding
 * `model.json` + `cases.json` beside an `inputs.json` is verified, whatever its name, shapes, classes or layers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, selectBackend, type BackendPreference } from '@saliency/adapters';
import { PluginRegistry, SaliencyError, createLogger, createRng, type ModelAdapter, type PluginDeps } from '@saliency/core';
import { plugin as casePlugin } from '@saliency/method-case';
import { plugin as camPlugin } from '@saliency/methods-cam';
import { f32, fixtureRoots, imageTensor, isFile, readFixtureJson, readInputs, type Inputs, type JsonArray } from './fixture-files.js';

export interface MethodStats {
  /** Cases recomputed. */
  cases: number;
  /** Cases outside tolerance (or that threw). */
  failed: number;
  /** max |final − reference| over the cases. */
  maxAbsDiffFinal: number;
  /** max over cases of max |raw − reference| / max |reference| (low-resolution map before ReLU). */
  maxAbsDiffRaw: number;
  /** max over cases of max |w − reference| / max |reference| (0 for methods without channel weights). */
  maxRelDiffWeights: number;
}

export interface ModelVerification {
  /** Path of the model folder, relative to the fixture directory. */
  model: string;
  /** Keyed by the fixture's method name; `extra_cases[]` on another layer are keyed `method@layer`. */
  byMethod: Record<string, MethodStats>;
  /** One line per failed case. */
  failures: string[];
}

export interface MethodVerification {
  /** The TF.js backend that ran. */
  backend: string;
  models: ModelVerification[];
}

interface FixtureCase {
  image_index: number;
  target_kind?: string;
  target_class: number;
  method: string;
  target_layer?: string;
  weights?: JsonArray;
  cam_lowres_raw: JsonArray;
  final: JsonArray;
  cam_raw_max: number;
  cam_terms_max: number;
  final_all_zero?: boolean;
  original_score?: number;
  contrast_classes?: number[];
}
interface CasesFile {
  target_layer: string;
  confusion_matrix?: JsonArray;
  cases?: FixtureCase[];
  extra_cases?: FixtureCase[];
}
/** Fixture method name → plugin id and options. */
function pluginFor(method: string): { id: string; options: Record<string, unknown>; contrastK?: number } | undefined {
  const fixed: Record<string, string> = {
    gradcam: 'cam/grad-cam',
    gradcampp: 'cam/grad-cam-plus-plus',
    scorecam: 'cam/score-cam',
    ablationcam: 'cam/ablation-cam',
    layercam: 'cam/layer-cam',
  };
  if (fixed[method]) return { id: fixed[method], options: {} };
  const m = /^case_(spatial_)?k(\d+)$/.exec(method);
  if (!m) return undefined;
  const k = Number(m[2]);
  return { id: 'case/case', options: { contrastK: k, gradient: m[1] ? 'spatial' : 'pooled' }, contrastK: k };
}

const RTOL = 1e-4;
const FINAL_ATOL = 1e-4;
const LOGIT_ATOL = 1e-5;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

function relToMax(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < ref.length; i++) s = Math.max(s, Math.abs(ref[i]!));
  const d = maxAbsDiff(a, ref);
  return s === 0 ? d : d / s;
}

/** FORMAT.md §9: 1e-4, loosened in proportion to cam_terms_max / |cam_raw_max| where that ratio exceeds 1e3. */
function finalTolerance(c: FixtureCase): number {
  const ratio = c.cam_terms_max / Math.abs(c.cam_raw_max);
  return FINAL_ATOL * Math.max(1, Number.isFinite(ratio) ? ratio / 1e3 : Infinity);
}

/** Recomputes one case; returns its differences and the problems found (empty when within tolerance). */
async function verifyCase(
  registry: PluginRegistry,
  deps: PluginDeps,
  adapter: ModelAdapter,
  inputs: Inputs,
  cj: CasesFile,
  c: FixtureCase,
): Promise<{ final: number; raw: number; weights: number; problems: string[] }> {
  const spec = pluginFor(c.method)!;
  const problems: string[] = [];
  const input = imageTensor(inputs, c.image_index);
  try {
    let contrasts: number[][] | undefined;
    if (spec.contrastK !== undefined) {
      if (!cj.confusion_matrix) throw new Error('cases.json has no confusion_matrix for CASE');
      const n = cj.confusion_matrix.shape[0]!;
      const rows = Array.from({ length: n }, (_, i) => cj.confusion_matrix!.data.slice(i * n, (i + 1) * n).map(Number));
      const selector = await registry.create('contrast-selector', ['case/confusion-matrix', { matrix: rows, order: 'numpy' }], deps);
      const logits = adapter.predict(input);
      try {
        contrasts = await selector.select({ targets: [c.target_class], logits, k: spec.contrastK });
      } finally {
        logits.dispose();
      }
      if (c.contrast_classes && JSON.stringify(contrasts[0]) !== JSON.stringify(c.contrast_classes)) {
        problems.push(`contrast classes [${contrasts[0]}] vs reference [${c.contrast_classes}]`);
      }
    }
    const method = await registry.create('saliency-method', [spec.id, spec.options], deps);
    const ex = await method.explain({ split: adapter.split(c.target_layer ?? cj.target_layer), input, targets: [c.target_class], contrasts, intermediates: true });
    const [final, raw, weights] = await Promise.all([ex.maps.data(), ex.raw!.data(), ex.weights?.data()]);
    tf.dispose([ex.maps, ex.raw!]);
    ex.weights?.dispose();

    const dFinal = maxAbsDiff(final, f32(c.final));
    if (!(dFinal <= finalTolerance(c))) problems.push(`final max|Δ| ${dFinal.toExponential(2)} > ${finalTolerance(c).toExponential(2)}`);
    // Whether the map is all zero is decidable only when the raw maximum is clearly away from 0 (FORMAT.md §9).
    const decidable = Math.abs(c.cam_raw_max) > 1e-6 * c.cam_terms_max;
    const allZero = final.every((v) => v === 0);
    if (decidable && c.final_all_zero !== undefined && allZero !== c.final_all_zero) problems.push(`all-zero map ${allZero}, reference ${c.final_all_zero}`);
    const dRaw = relToMax(raw, f32(c.cam_lowres_raw));
    if (!(dRaw <= RTOL)) problems.push(`raw max|Δ|/max|ref| ${dRaw.toExponential(2)} > ${RTOL}`);
    let dW = 0;
    if (c.weights) {
      const ref = f32(c.weights);
      if (!weights || weights.length !== ref.length) {
        problems.push(`weights: ${weights?.length ?? 'none'} values, reference ${ref.length}`);
        dW = Infinity;
      } else {
        dW = relToMax(weights, ref);
        if (c.method === 'ablationcam' && c.original_score !== undefined) {
          // Relative per element, with the logit tolerance carried through w = (y0 − y_k) / y0 as the floor.
          const floor = LOGIT_ATOL / Math.abs(c.original_score);
          const bad = ref.findIndex((r, i) => !(Math.abs(weights[i]! - r) <= RTOL * Math.abs(r) + floor));
          if (bad >= 0) problems.push(`weight[${bad}] ${weights[bad]} vs reference ${ref[bad]}`);
        } else if (!(dW <= RTOL)) problems.push(`weights max|Δ|/max|ref| ${dW.toExponential(2)} > ${RTOL}`);
      }
    }
    return { final: dFinal, raw: dRaw, weights: dW, problems };
  } finally {
    input.dispose();
  }
}

async function verifyModel(registry: PluginRegistry, fixtureDir: string, root: string, dir: string, inputs: Inputs): Promise<ModelVerification> {
  const name = join(root, dir).slice(fixtureDir.length).replace(/^[\\/]+/, '') || dir;
  const cj = await readFixtureJson<CasesFile>(join(root, dir, 'cases.json'));
  const adapter = await loadModel(join(root, dir));
  const deps: PluginDeps = { rng: createRng(42), logger: createLogger('silent'), adapter };
  const byMethod: Record<string, MethodStats> = {};
  const failures: string[] = [];
  try {
    const all = [...(cj.cases ?? []).map((c) => [c, false] as const), ...(cj.extra_cases ?? []).map((c) => [c, true] as const)];
    for (const [c, extra] of all) {
      const layer = c.target_layer ?? cj.target_layer;
      const key = extra && layer !== cj.target_layer ? `${c.method}@${layer}` : c.method;
      const stats = (byMethod[key] ??= { cases: 0, failed: 0, maxAbsDiffFinal: 0, maxAbsDiffRaw: 0, maxRelDiffWeights: 0 });
      stats.cases++;
      const where = `${name} ${extra ? 'extra_cases' : 'cases'} ${key} image ${c.image_index}${c.target_kind ? ` ${c.target_kind}` : ''} (class ${c.target_class})`;
      if (!pluginFor(c.method)) {
        stats.failed++;
        failures.push(`${where}: no plugin for fixture method "${c.method}"`);
        continue;
      }
      try {
        const r = await verifyCase(registry, deps, adapter, inputs, cj, c);
        stats.maxAbsDiffFinal = Math.max(stats.maxAbsDiffFinal, r.final);
        stats.maxAbsDiffRaw = Math.max(stats.maxAbsDiffRaw, r.raw);
        stats.maxRelDiffWeights = Math.max(stats.maxRelDiffWeights, r.weights);
        if (r.problems.length) {
          stats.failed++;
          failures.push(`${where}: ${r.problems.join('; ')}`);
        }
      } catch (e) {
        stats.failed++;
        failures.push(`${where}: threw ${(e as Error).message.split('\n')[0]}`);
      }
    }
  } finally {
    adapter.dispose();
  }
  return { model: name, byMethod, failures };
}

/**
 * Verifies every model folder (`model.json` + `cases.json`) found beside an `inputs.json` in `fixtureDir` or in its
 * direct subfolders. `backend` picks the TF.js backend (default `auto`).
 */
export async function verifyMethodCases(fixtureDir: string, opts: { backend?: string } = {}): Promise<MethodVerification> {
  const backend = await selectBackend((opts.backend ?? 'auto') as BackendPreference);
  const registry = new PluginRegistry();
  registry.register(camPlugin);
  registry.register(casePlugin);
  const roots = await fixtureRoots(fixtureDir);
  if (!roots.length) throw new SaliencyError('SALIENCY_INVALID_CONFIG', `${fixtureDir}: no inputs.json here or in a direct subfolder (fixtures/oracle/FORMAT.md layout expected)`);
  const models: ModelVerification[] = [];
  for (const root of roots) {
    const inputs = await readInputs(root);
    const dirs = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    for (const dir of dirs) {
      if (!(await isFile(join(root, dir, 'model.json'))) || !(await isFile(join(root, dir, 'cases.json')))) continue;
      models.push(await verifyModel(registry, fixtureDir, root, dir, inputs));
    }
  }
  return { backend: backend.name, models };
}
