/**
 * Bad-input matrix, cases 9–16: confusion matrices, plugin ids and packages, options, study configs, and the
 * degenerate inputs of the agreement metric and the Wilcoxon test, through the API and the CLI.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { compose, PluginRegistry, type PluginPackage } from '@saliency/core';
import { registerDiscovered } from '@saliency/core/node';
import { plugin as methodsCam } from '@saliency/methods-cam';
import { validateStudyConfig } from '@saliency/study';
import { wilcoxon, wilcoxonPaired } from '@saliency/stats';
import { REPO } from '../../helpers/run.js';
import { projectWith, studyConfig, type Env, type Row } from './bad-input-env.js';

/** A 10×10 matrix of ones with cell [2, 3] replaced by `bad`. */
const matrixWith = (bad: unknown): unknown[][] => Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === 2 && j === 3 ? bad : 1)));

/** Writes `<tmp>/<name>` once and returns its path. */
function file(env: Env, name: string, text: string): string {
  const p = join(env.tmp, name);
  if (!existsSync(p)) writeFileSync(p, text);
  return p;
}
const csv = (rows: unknown[][]): string => rows.map((r) => r.join(',')).join('\n') + '\n';

const selector = (env: Env, matrix: unknown[][]) => async () => {
  const s = await env.registry.create('contrast-selector', ['case/confusion-matrix', { matrix }], { adapter: env.adapter } as never);
  const logits = tf.zeros([1, 10]) as tf.Tensor2D;
  try {
    return await s.select({ targets: [0], logits, k: 1 });
  } finally {
    logits.dispose();
  }
};
const caseWith = (env: Env, ...extra: string[]): string[] =>
  ['explain', '--model', env.model, '--method', 'case/case', '--image', env.img, '--json', join(env.tmp, 'case.json'), ...extra];
const withConfigLine = (env: Env, name: string, replace: [string, string]): string[] => {
  const cfg = studyConfig(env, name, `  - path: ${env.model}`);
  writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(...replace));
  return ['run', cfg, '--out', join(env.tmp, `runs/${name}`)];
};

const plugins = (env: Env, name: string, deps: string[]) => ['--backend', 'wasm', '--root', projectWith(env.tmp, name, deps)];
const discover = async (env: Env, name: string, deps: string[]) => registerDiscovered(new PluginRegistry(), { root: projectWith(env.tmp, `${name}-api`, deps) });
const fixturePlugin = async (name: string): Promise<PluginPackage> => ((await import(resolve(REPO, 'test-fixtures', name, 'plugin.js'))) as { plugin: PluginPackage }).plugin;
const studyBase = (env: Env): Record<string, unknown> => ({ models: [{ path: env.model }], dataset: { source: ['datasets/image-folder', { path: env.data }] }, methods: ['cam/grad-cam'] });

/** Feature agreement (K = 5% of 8×8 = 3 pixels) of one map pair; reports the score as a user reads it. */
async function agreement(env: Env, a: (i: number) => number, b: (i: number) => number): Promise<string> {
  const m = await env.registry.create('metric', 'metrics/feature-agreement', { adapter: env.adapter } as never);
  const maps = tf.tensor3d(Float32Array.from({ length: 64 }, (_, i) => a(i)), [1, 8, 8]);
  const other = tf.tensor3d(Float32Array.from({ length: 64 }, (_, i) => b(i)), [1, 8, 8]);
  try {
    const r = await m.evaluate({ adapter: env.adapter, maps, otherMaps: other, targets: [0] } as never);
    const d = (r.details![0] as { selected: number[]; otherSelected: number[] });
    return `no error: agreement ${r.scores[0]} (K = 3 of 64 pixels: [${d.selected}] vs [${d.otherSelected}])`;
  } finally {
    tf.dispose([maps, other]);
  }
}
const wilcoxonText = (r: ReturnType<typeof wilcoxon>): string =>
  `no error: statistic ${r.statistic}, p ${r.pvalue}${r.error ? `, error "${r.error}"` : ''}${r.reason ? `, reason "${r.reason}"` : ''}`;

export const CONFIG_ROWS: readonly Row[] = [
  // 9. confusion matrices of the wrong size, with negative or non-numeric entries
  {
    id: '9a', input: '`case/confusion-matrix` with a 2×2 `matrix` on a 10-class model', code: 'SALIENCY_INVALID_MATRIX',
    names: /inline matrix: is 2×2 but model resish has 10 classes/,
    api: (env) => selector(env, [[1, 2], [3, 4]])(),
  },
  {
    id: '9b', input: '`case/confusion-matrix` with cell [2, 3] = -1', code: 'SALIENCY_INVALID_MATRIX', names: /cell \[2, 3\] is negative \(-1\)/,
    api: (env) => selector(env, matrixWith(-1))(),
  },
  {
    id: '9c', input: '`case/confusion-matrix` with cell [2, 3] = "x"', code: 'SALIENCY_INVALID_MATRIX',
    names: /cell \[2, 3\] is not a finite number \(got "x"\)/,
    api: (env) => selector(env, matrixWith('x'))(),
  },
  {
    id: '9d', input: '`saliency explain --contrast-matrix <tmp>/m2x2.json`', code: 'SALIENCY_INVALID_MATRIX', exit: 1,
    names: /<tmp>\/m2x2\.json: is 2×2 but model resish has 10 classes/,
    cli: (env) => caseWith(env, '--contrast-matrix', file(env, 'm2x2.json', '[[1, 2], [3, 4]]')),
  },
  {
    id: '9e', input: '`--contrast-matrix <tmp>/negative.csv` (cell [2, 3] = -1)', code: 'SALIENCY_INVALID_MATRIX', exit: 1,
    names: /<tmp>\/negative\.csv: cell \[2, 3\] is negative \(-1\)/,
    cli: (env) => caseWith(env, '--contrast-matrix', file(env, 'negative.csv', csv(matrixWith(-1)))),
  },
  {
    id: '9f', input: '`--contrast-matrix <tmp>/text-cell.csv` (cell [2, 3] = abc)', code: 'SALIENCY_INVALID_MATRIX', exit: 1,
    names: /<tmp>\/text-cell\.csv: cell \[2, 3\] is not a finite number \(got "abc"\)/,
    cli: (env) => caseWith(env, '--contrast-matrix', file(env, 'text-cell.csv', csv(matrixWith('abc')))),
  },
  {
    id: '9g', input: '`--contrast-matrix <tmp>/null-cell.json` (cell [2, 3] = null)', code: 'SALIENCY_INVALID_MATRIX', exit: 1,
    names: /<tmp>\/null-cell\.json: cell \[2, 3\] is not a finite number \(got null\)/,
    cli: (env) => caseWith(env, '--contrast-matrix', file(env, 'null-cell.json', JSON.stringify(matrixWith(null)))),
  },
  {
    id: '9h', input: '`--contrast-matrix <tmp>/cut-matrix.json` (JSON cut short)', code: 'SALIENCY_INVALID_MATRIX', exit: 1,
    names: /<tmp>\/cut-matrix\.json: is not valid JSON/,
    cli: (env) => caseWith(env, '--contrast-matrix', file(env, 'cut-matrix.json', '[[1, 2], [3')),
  },
  // 10. unknown plugin ids: "did you mean"
  {
    id: '10a', input: '`registry.get("saliency-method", "cam/gradcam")`', code: 'SALIENCY_UNKNOWN_PLUGIN',
    names: /Unknown saliency-method "cam\/gradcam"; did you mean "cam\/grad-cam"/,
    api: async (env) => env.registry.get('saliency-method', 'cam/gradcam'),
  },
  {
    id: '10b', input: '`compose({methods: ["grad-cam"]})` (unqualified)', code: 'SALIENCY_UNKNOWN_PLUGIN',
    names: /Unknown saliency-method "grad-cam"; did you mean "cam\/grad-cam"\?/,
    api: (env) => compose({ model: 'adapters/layers-model', layer: 'head_conv', methods: ['grad-cam'] }, { registry: env.registry, adapter: env.adapter }),
  },
  {
    id: '10c', input: '`saliency explain --method cam/gradcam`', code: 'SALIENCY_UNKNOWN_PLUGIN', exit: 1,
    names: /"cam\/gradcam"; did you mean "cam\/grad-cam"/,
    cli: (env) => ['explain', '--model', env.model, '--method', 'cam/gradcam', '--image', env.img, '--json', join(env.tmp, 'x.json')],
  },
  {
    id: '10d', input: '`saliency run` with `methods: [cam/gradcam]`', code: 'SALIENCY_UNKNOWN_PLUGIN', exit: 1,
    names: /config\.methods\[0\]: .*did you mean "cam\/grad-cam"/,
    cli: (env) => withConfigLine(env, 'unknown-method', ['methods: [cam/grad-cam]', 'methods: [cam/gradcam]']),
  },
  // 11. two plugins with one id
  {
    id: '11a', input: '`registry.register(methodsCam)` a second time', code: 'SALIENCY_DUPLICATE_PLUGIN',
    names: /Plugin "cam\/[a-z-]+" from @saliency\/methods-cam is already registered by @saliency\/methods-cam/,
    api: async (env) => env.registry.register(methodsCam),
  },
  {
    id: '11b', input: '`registerDiscovered` of a project depending on two packages that both define `example/hi-res-cam`', code: 'SALIENCY_DUPLICATE_PLUGIN',
    names: /Plugin "example\/hi-res-cam" from saliency-plugin-[a-z]+ is already registered by saliency-plugin-[a-z]+/,
    api: (env) => discover(env, 'duplicate', ['saliency-plugin-example', 'saliency-plugin-duplicate']),
  },
  {
    id: '11c', input: '`saliency plugins list` in that project', code: 'SALIENCY_DUPLICATE_PLUGIN', exit: 1, names: /Plugin "example\/hi-res-cam"/,
    globals: (env) => plugins(env, 'duplicate', ['saliency-plugin-example', 'saliency-plugin-duplicate']),
    cli: () => ['plugins', 'list'],
  },
  // 12. plugin packages that throw on import or export a malformed package
  {
    id: '12a', input: '`registerDiscovered` of a project depending on saliency-plugin-throws', code: 'SALIENCY_PLUGIN_LOAD_FAILED',
    names: /saliency-plugin-throws: importing <repo>\/test-fixtures\/saliency-plugin-throws\/plugin\.js failed: boom/,
    api: (env) => discover(env, 'throws', ['saliency-plugin-throws']),
  },
  {
    id: '12b', input: '`registry.register` of saliency-plugin-malformed\'s export (id "Not_Kebab")', code: 'SALIENCY_INVALID_MANIFEST',
    names: /saliency-plugin-malformed plugins\[0\]: id must be kebab-case .*"Not_Kebab"/,
    api: async () => new PluginRegistry().register(await fixturePlugin('saliency-plugin-malformed')),
  },
  {
    id: '12c', input: '`registry.register({plugins: "none"})` (not a plugin package)', code: 'SALIENCY_INVALID_PLUGIN_PACKAGE', names: /Plugin package/,
    api: async () => new PluginRegistry().register({ plugins: 'none' } as never),
  },
  {
    id: '12d', input: '`saliency plugins list` with saliency-plugin-throws (real binary)', code: 'SALIENCY_PLUGIN_LOAD_FAILED', exit: 1,
    names: /saliency-plugin-throws: importing .* failed: boom/,
    spawn: true,
    globals: (env) => plugins(env, 'throws', ['saliency-plugin-throws']),
    cli: () => ['plugins', 'list'],
  },
  {
    id: '12e', input: '`saliency plugins list` with saliency-plugin-malformed', code: 'SALIENCY_INVALID_MANIFEST', exit: 1,
    names: /saliency-plugin-malformed plugins\[0\] \(<tmp>\/projects\/malformed\/node_modules\/saliency-plugin-malformed\): id must be kebab-case/,
    globals: (env) => plugins(env, 'malformed', ['saliency-plugin-malformed']),
    cli: () => ['plugins', 'list'],
  },
  {
    id: '12f', input: '`saliency explain` with saliency-plugin-bad-schema (options schema does not compile)', code: 'SALIENCY_INVALID_OPTIONS_SCHEMA', exit: 1,
    names: /Plugin "badschema\/broken": optionsSchema does not compile/,
    globals: (env) => plugins(env, 'bad-schema', ['saliency-plugin-bad-schema']),
    cli: (env) => ['explain', '--model', env.model, '--method', 'cam/grad-cam', '--image', env.img, '--json', join(env.tmp, 'x.json')],
  },
  // 13. options that violate a schema
  {
    id: '13a', input: '`registry.create` of `["case/case", {gradient: "bogus"}]`', code: 'SALIENCY_INVALID_OPTIONS',
    names: /Plugin "case\/case": options\/gradient must be one of "pooled", "spatial" \(got "bogus"\)/,
    api: (env) => env.registry.create('saliency-method', ['case/case', { gradient: 'bogus' }], { adapter: env.adapter } as never),
  },
  {
    id: '13b', input: '`registry.create` of `["cam/score-cam", {batchSize: 0}]`', code: 'SALIENCY_INVALID_OPTIONS',
    names: /Plugin "cam\/score-cam": options\/batchSize must be >= 1 or must be "auto" \(got 0\)$/,
    api: (env) => env.registry.create('saliency-method', ['cam/score-cam', { batchSize: 0 }], { adapter: env.adapter } as never),
  },
  {
    id: '13c', input: '`registry.create` of `["metrics/feature-agreement", {kPercent: 0}]`', code: 'SALIENCY_INVALID_OPTIONS',
    names: /options\/kPercent must be > 0 \(got 0\)/,
    api: (env) => env.registry.create('metric', ['metrics/feature-agreement', { kPercent: 0 }], { adapter: env.adapter } as never),
  },
  {
    id: '13d', input: '`saliency explain --method case/case --method-options \'{"gradient":"bogus"}\'`', code: 'SALIENCY_INVALID_OPTIONS', exit: 1,
    names: /options\/gradient must be one of "pooled", "spatial" \(got "bogus"\)/,
    cli: (env) => caseWith(env, '--method-options', '{"gradient":"bogus"}'),
  },
  {
    id: '13e', input: '`saliency explain --method-options \'{"eps":1}\'` (Grad-CAM has no eps)', code: 'SALIENCY_INVALID_OPTIONS', exit: 1,
    names: /Plugin "cam\/grad-cam": options has unknown option "eps"/,
    cli: (env) => ['explain', '--model', env.model, '--method', 'cam/grad-cam', '--image', env.img, '--json', join(env.tmp, 'x.json'), '--method-options', '{"eps":1}'],
  },
  {
    id: '13f', input: '`saliency run` with `methods: [[cam/score-cam, {batchSize: 0}]]`', code: 'SALIENCY_INVALID_OPTIONS', exit: 1,
    names: /config\.methods\[0\]: Plugin "cam\/score-cam": options\/batchSize must be >= 1 or must be "auto" \(got 0\)/,
    cli: (env) => withConfigLine(env, 'bad-options', ['methods: [cam/grad-cam]', 'methods: [[cam/score-cam, {batchSize: 0}]]']),
  },
  // 14. study configs with unknown keys
  {
    id: '14a', input: '`validateStudyConfig({…, bogus: 1})`', code: 'SALIENCY_INVALID_CONFIG', names: /config has unknown key "bogus" \(allowed: .*\)/,
    api: async (env) => validateStudyConfig({ ...studyBase(env), bogus: 1 }),
  },
  {
    id: '14b', input: '`validateStudyConfig({…, sampling: {imges: 5}})`', code: 'SALIENCY_INVALID_CONFIG',
    names: /config\.sampling has unknown key "imges" .*did you mean "images"\?/,
    api: async (env) => validateStudyConfig({ ...studyBase(env), sampling: { imges: 5 } }),
  },
  {
    id: '14c', input: '`saliency run <tmp>/unknown-key.yaml` (top-level `bogus: 1`)', code: 'SALIENCY_INVALID_CONFIG', exit: 1,
    names: /<tmp>\/unknown-key\.yaml: config has unknown key "bogus"/,
    cli: (env) => withConfigLine(env, 'unknown-key', ['outputs:', 'bogus: 1\noutputs:']),
  },
  // 15. all-zero maps into the agreement metric: defined by the tie rule (the reference's), finite, never NaN
  {
    id: '15a', input: '`metrics/feature-agreement` of two all-zero 8×8 maps', code: null,
    names: /^no error: agreement 100 \(K = 3 of 64 pixels: \[0,1,2\] vs \[0,1,2\]\)$/,
    api: (env) => agreement(env, () => 0, () => 0),
  },
  {
    id: '15b', input: '`metrics/feature-agreement` of an all-zero map and one hot only in pixels 61–63', code: null,
    names: /^no error: agreement 0 \(K = 3 of 64 pixels: \[0,1,2\] vs \[61,62,63\]\)$/,
    api: (env) => agreement(env, () => 0, (i) => (i >= 61 ? 1 : 0)),
  },
  {
    id: '15c', input: '`metrics/feature-agreement` of an all-NaN map and an all-zero map', code: null, names: /^no error: agreement 100 /,
    api: (env) => agreement(env, () => NaN, () => 0),
  },
  // 16. Wilcoxon on differences that are all zero / all equal
  {
    id: '16a', input: '`wilcoxon([0, 0, 0, 0, 0, 0, 0, 0])`', code: null,
    names: /^no error: statistic NaN, p NaN, error "ValueError: zero_method 'wilcox' and 'pratt' do not work if x - y is zero for all elements\.", reason "every difference is exactly zero/,
    api: async () => wilcoxonText(wilcoxon([0, 0, 0, 0, 0, 0, 0, 0])),
  },
  {
    id: '16b', input: '`wilcoxonPaired(x, x)` (x = 1…8)', code: null,
    names: /^no error: statistic NaN, p NaN, error "ValueError: .*", reason "every difference is exactly zero/,
    api: async () => wilcoxonText(wilcoxonPaired([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8])),
  },
  {
    id: '16c', input: '`wilcoxon([0.5 × 8])` (all equal, non-zero)', code: null, names: /^no error: statistic 0, p 0\.0078125$/,
    api: async () => wilcoxonText(wilcoxon(Array.from({ length: 8 }, () => 0.5))),
  },
  {
    id: '16d', input: '`wilcoxon([])`', code: 'SALIENCY_INVALID_STATS_INPUT', names: /^wilcoxon: d is empty$/,
    api: async () => wilcoxon([]),
  },
  {
    id: '16e', input: '`wilcoxon([1, NaN, 2])`', code: 'SALIENCY_INVALID_STATS_INPUT', names: /wilcoxon: d\[1\] is NaN/,
    api: async () => wilcoxon([1, NaN, 2]),
  },
];
