/**
 * Bad-input matrix, cases 1–8: model files, layers, images, pixels and targets, through the API and the CLI.
 * Each row builds its own broken input under the environment's temporary folder.
 */
import { existsSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { compose } from '@saliency/core';
import { loadModel } from '@saliency/adapters/node';
import { FIXTURES } from '../../helpers/run.js';
import { copyWritable, studyConfig, writePng, type Env, type Row } from './bad-input-env.js';

/** `<tmp>/<name>/`: a writable copy of resish, broken by `breakIt` (once per environment). */
function brokenModel(env: Env, name: string, breakIt: (dir: string) => void): string {
  const dir = join(env.tmp, name);
  if (!existsSync(dir)) breakIt(copyWritable(join(FIXTURES, 'resish'), dir));
  return join(dir, 'model.json');
}
const truncated = (env: Env) => brokenModel(env, 'truncated', (d) => truncateSync(join(d, 'model.json'), 100));
const noShard = (env: Env) => brokenModel(env, 'no-shard', (d) => rmSync(join(d, 'weights.bin')));
const shortShard = (env: Env) => brokenModel(env, 'short-shard', (d) => truncateSync(join(d, 'weights.bin'), 100));

/** A fixture folder for `verify` holding resish only, with `file` replaced by `text` (cases.json is linked). */
function brokenOracle(env: Env, name: string, file: 'model.json' | 'cases.json', text: string): string {
  const root = join(env.tmp, name);
  if (!existsSync(root)) {
    copyWritable(join(FIXTURES, 'resish'), join(root, 'resish'));
    for (const f of ['inputs.json', 'inputs.bin']) writeFileSync(join(root, f), readFileSync(join(FIXTURES, f)));
    rmSync(join(root, 'resish/cases.json'));
    if (file === 'model.json') symlinkSync(join(FIXTURES, 'resish/cases.json'), join(root, 'resish/cases.json'));
    writeFileSync(join(root, 'resish', file), text);
  }
  return root;
}

/** Writes `<tmp>/<name>` once and returns its path. */
function file(env: Env, name: string, make: (path: string) => void): string {
  const p = join(env.tmp, name);
  if (!existsSync(p)) make(p);
  return p;
}

/** Runs `fn` on a fresh `[1, h, w, c]` input filled with `value` (disposed after). */
async function withInput<T>(shape: [number, number, number, number], value: number, fn: (x: tf.Tensor4D) => Promise<T>): Promise<T> {
  const x = tf.fill(shape, value) as tf.Tensor4D;
  try {
    return await fn(x);
  } finally {
    x.dispose();
  }
}

const explain = (env: Env, ...extra: string[]): string[] =>
  ['explain', '--model', env.model, '--method', 'cam/grad-cam', '--image', env.img, '--json', join(env.tmp, 'explain.json'), ...extra];
const explainImage = (env: Env, image: string, json: string): string[] =>
  ['explain', '--model', env.model, '--method', 'cam/grad-cam', '--image', image, '--json', join(env.tmp, json), '--out', join(env.tmp, json.replace('.json', '.png'))];
const run = (env: Env, name: string, models: string): string[] => ['run', studyConfig(env, name, models), '--out', join(env.tmp, `runs/${name}`)];
/** Grad-CAM called directly (no composer) on a `[1, h, w, c]` input of 0.5s. */
async function gradCamOn(env: Env, shape: [number, number, number, number], targets: number[]): Promise<unknown> {
  const m = await env.registry.create('saliency-method', 'cam/grad-cam', { adapter: env.adapter } as never);
  return withInput(shape, 0.5, (x) => m.explain({ split: env.adapter.split('head_conv'), input: x, targets }));
}

/** A legal image: the JSON map is at the model's 32×32, the overlay at the image's own size. */
function imageChecks(env: Env, json: string, size: [number, number]): void {
  const doc = JSON.parse(readFileSync(join(env.tmp, json), 'utf8')) as { map: { shape: number[]; data: number[] } };
  if (doc.map.shape.join() !== '32,32' || !doc.map.data.every(Number.isFinite)) throw new Error(`${json}: map ${doc.map.shape} not a finite 32×32 map`);
  const png = PNG.sync.read(readFileSync(join(env.tmp, json.replace('.json', '.png'))));
  if (png.width !== size[0] || png.height !== size[1]) throw new Error(`${json}: overlay ${png.width}×${png.height}, image ${size.join('×')}`);
}

export const MODEL_ROWS: readonly Row[] = [
  // 1. missing model.json
  {
    id: '1a', input: '`loadModel("<tmp>/missing/model.json")`', code: 'SALIENCY_MODEL_NOT_FOUND', names: /<tmp>\/missing\/model\.json/,
    api: (env) => loadModel(join(env.tmp, 'missing/model.json')),
  },
  {
    id: '1b', input: '`saliency inspect --model <tmp>/missing/model.json`', code: 'SALIENCY_MODEL_NOT_FOUND', exit: 1,
    names: /<tmp>\/missing\/model\.json/,
    cli: (env) => ['inspect', '--model', join(env.tmp, 'missing/model.json')],
  },
  {
    id: '1c', input: '`saliency run` with `models: [{path: <tmp>/missing/model.json}]`', code: 'SALIENCY_MODEL_NOT_FOUND', exit: 1,
    names: /config\.models\[0\]\.path: .*<tmp>\/missing\/model\.json/,
    cli: (env) => run(env, 'missing-model', `  - path: ${join(env.tmp, 'missing/model.json')}`),
  },
  // 2. truncated / corrupt JSON
  {
    id: '2a', input: '`loadModel` of a model.json cut after 100 bytes', code: 'SALIENCY_MODEL_INVALID',
    names: /<tmp>\/truncated\/model\.json: not valid JSON/,
    api: (env) => loadModel(truncated(env)),
  },
  {
    id: '2b', input: '`saliency inspect` of that model.json (real binary)', code: 'SALIENCY_MODEL_INVALID', exit: 1,
    names: /<tmp>\/truncated\/model\.json: not valid JSON/,
    spawn: true,
    cli: (env) => ['inspect', '--model', truncated(env)],
  },
  {
    id: '2c', input: '`saliency verify --fixtures` on a fixture folder whose model.json is cut', code: 'SALIENCY_MODEL_INVALID', exit: 1,
    names: /<tmp>\/oracle-bad-model\/resish\/model\.json: not valid JSON/,
    cli: (env) => ['verify', '--fixtures', brokenOracle(env, 'oracle-bad-model', 'model.json', readFileSync(env.model, 'utf8').slice(0, 100))],
  },
  {
    id: '2d', input: '`saliency verify --fixtures` on a fixture folder whose cases.json is cut', code: 'SALIENCY_INVALID_INPUT', exit: 1,
    names: /fixture file <tmp>\/oracle-bad-cases\/resish\/cases\.json: not valid JSON/,
    cli: (env) => ['verify', '--fixtures', brokenOracle(env, 'oracle-bad-cases', 'cases.json', '{"cases": [{"method": ')],
  },
  // 3. weight shards
  {
    id: '3a', input: '`loadModel` with weights.bin deleted', code: 'SALIENCY_WEIGHTS_INVALID',
    names: /Weight shard <tmp>\/no-shard\/weights\.bin listed in <tmp>\/no-shard\/model\.json is missing/,
    api: (env) => loadModel(noShard(env)),
  },
  {
    id: '3b', input: '`loadModel` with weights.bin cut to 100 bytes', code: 'SALIENCY_WEIGHTS_INVALID',
    names: /<tmp>\/short-shard\/weights\.bin has 100 bytes; .* needing 11240 bytes/,
    api: (env) => loadModel(shortShard(env)),
  },
  {
    id: '3c', input: '`saliency inspect` with weights.bin deleted', code: 'SALIENCY_WEIGHTS_INVALID', exit: 1,
    names: /<tmp>\/no-shard\/weights\.bin .* is missing/,
    cli: (env) => ['inspect', '--model', noShard(env)],
  },
  {
    id: '3d', input: '`saliency explain` with weights.bin cut to 100 bytes', code: 'SALIENCY_WEIGHTS_INVALID', exit: 1,
    names: /<tmp>\/short-shard\/weights\.bin has 100 bytes/,
    cli: (env) => ['explain', '--model', shortShard(env), '--method', 'cam/grad-cam', '--image', env.img, '--json', join(env.tmp, 'x.json')],
  },
  // 4. a layer that does not exist: the nearest names are listed
  {
    id: '4a', input: '`adapter.split("head_cnv")`', code: 'SALIENCY_UNKNOWN_LAYER', names: /no layer "head_cnv"; nearest: "head_conv"/,
    api: async (env) => env.adapter.split('head_cnv'),
  },
  {
    id: '4b', input: '`compose({layer: "head_cnv", …})`', code: 'SALIENCY_UNKNOWN_LAYER', names: /no layer "head_cnv"; nearest: "head_conv"/,
    api: (env) => compose({ model: 'adapters/layers-model', layer: 'head_cnv', methods: ['cam/grad-cam'] }, { registry: env.registry, adapter: env.adapter }),
  },
  {
    id: '4c', input: '`saliency explain --layer head_cnv`', code: 'SALIENCY_UNKNOWN_LAYER', exit: 1, names: /no layer "head_cnv"; nearest: "head_conv"/,
    cli: (env) => explain(env, '--layer', 'head_cnv'),
  },
  {
    id: '4d', input: '`saliency run` with `layers: [head_cnv]`', code: 'SALIENCY_UNKNOWN_LAYER', exit: 1,
    names: /config\.models\[0\]\.layers\[0\]: .*no layer "head_cnv"; nearest: "head_conv"/,
    cli: (env) => run(env, 'unknown-layer', `  - {path: ${env.model}, layers: [head_cnv]}`),
  },
  // 5. a target layer without spatial dimensions
  {
    id: '5a', input: '`adapter.split("gap")` (GlobalAveragePooling2D)', code: 'SALIENCY_LAYER_NOT_SPATIAL',
    names: /Layer "gap" \(GlobalAveragePooling2D\) .*\[null, 16\].*spatial layers: "head_conv"/,
    api: async (env) => env.adapter.split('gap'),
  },
  {
    id: '5b', input: '`adapter.split("logits")` (Dense)', code: 'SALIENCY_LAYER_NOT_SPATIAL', names: /Layer "logits" \(Dense\) .*\[null, 10\]/,
    api: async (env) => env.adapter.split('logits'),
  },
  {
    id: '5c', input: '`saliency explain --layer logits`', code: 'SALIENCY_LAYER_NOT_SPATIAL', exit: 1, names: /Layer "logits" \(Dense\)/,
    cli: (env) => explain(env, '--layer', 'logits'),
  },
  {
    id: '5d', input: '`saliency run` with `layers: [gap]`', code: 'SALIENCY_LAYER_NOT_SPATIAL', exit: 1,
    names: /config\.models\[0\]\.layers\[0\]: Layer "gap"/,
    cli: (env) => run(env, 'flat-layer', `  - {path: ${env.model}, layers: [gap]}`),
  },
  // 6. images that are not images, other channel counts, other sizes
  {
    id: '6a', input: '`saliency explain --image <tmp>/text.png` (a text file)', code: 'SALIENCY_INVALID_IMAGE', exit: 1,
    names: /<tmp>\/text\.png: not a PNG or JPEG file/,
    cli: (env) => explain(env, '--image', file(env, 'text.png', (p) => writeFileSync(p, 'this is not an image\n'))),
  },
  {
    id: '6b', input: '`saliency explain --image <tmp>/random.png` (256 random bytes)', code: 'SALIENCY_INVALID_IMAGE', exit: 1,
    names: /<tmp>\/random\.png: not a PNG or JPEG file/,
    cli: (env) => explain(env, '--image', file(env, 'random.png', (p) => writeFileSync(p, Uint8Array.from({ length: 256 }, (_, i) => (i * 97 + 13) % 256)))),
  },
  {
    id: '6c', input: '`saliency explain --image <tmp>/cut.png` (a PNG cut in half)', code: 'SALIENCY_INVALID_IMAGE', exit: 1,
    names: /cannot decode image <tmp>\/cut\.png: corrupt or truncated PNG/,
    cli: (env) => explain(env, '--image', file(env, 'cut.png', (p) => writeFileSync(p, readFileSync(env.img).subarray(0, readFileSync(env.img).length >> 1)))),
  },
  {
    id: '6d', input: '`saliency explain` of a grayscale PNG (1 channel)', code: null, exit: 0, names: /^<tmp>\/grey\.png: cam\/grad-cam for class \d/,
    cli: (env) => explainImage(env, writePng(join(env.tmp, 'grey.png'), 32, 32, 0), 'grey-out.json'),
    check: (env) => imageChecks(env, 'grey-out.json', [32, 32]),
  },
  {
    id: '6e', input: '`saliency explain` of an RGBA PNG (4 channels)', code: null, exit: 0, names: /^<tmp>\/rgba\.png: cam\/grad-cam for class \d/,
    cli: (env) => explainImage(env, writePng(join(env.tmp, 'rgba.png'), 32, 32, 6), 'rgba-out.json'),
    check: (env) => imageChecks(env, 'rgba-out.json', [32, 32]),
  },
  {
    id: '6f', input: '`saliency explain` of a 50×20 PNG (model takes 32×32)', code: null, exit: 0, names: /^<tmp>\/wide\.png: cam\/grad-cam for class \d/,
    cli: (env) => explainImage(env, writePng(join(env.tmp, 'wide.png'), 50, 20, 2), 'wide-out.json'),
    check: (env) => imageChecks(env, 'wide-out.json', [50, 20]),
  },
  {
    id: '6g', input: '`saliency explain --size 40,40` (model takes 32×32)', code: 'SALIENCY_INVALID_CONFIG', exit: 1,
    names: /--size 40,40: model resish takes 32×32 images/,
    cli: (env) => explain(env, '--size', '40,40'),
  },
  {
    id: '6h', input: '`explainBatch` of a `[1, 40, 40, 3]` tensor', code: 'SALIENCY_INVALID_INPUT',
    names: /takes float32 \[B, 32, 32, 3\] images; got float32 \[1, 40, 40, 3\]/,
    api: (env) => withInput([1, 40, 40, 3], 0.5, (x) => env.exp.explainBatch(x, 'top1')),
  },
  {
    id: '6i', input: '`explainBatch` of a `[1, 32, 32, 1]` tensor (1 channel)', code: 'SALIENCY_INVALID_INPUT',
    names: /takes float32 \[B, 32, 32, 3\] images; got float32 \[1, 32, 32, 1\]/,
    api: (env) => withInput([1, 32, 32, 1], 0.5, (x) => env.exp.explainBatch(x, 'top1')),
  },
  {
    id: '6j', input: 'Grad-CAM `method.explain` of a `[1, 40, 40, 3]` tensor', code: 'SALIENCY_INVALID_INPUT', names: /got float32 \[1, 40, 40, 3\]/,
    api: (env) => gradCamOn(env, [1, 40, 40, 3], [0]),
  },
  // 7. NaN / Inf pixels: a typed error, never a NaN map
  {
    id: '7a', input: '`explainBatch` of an all-NaN tensor', code: 'SALIENCY_INVALID_INPUT', names: /input images contains NaN or Infinity/,
    api: (env) => withInput([1, 32, 32, 3], NaN, (x) => env.exp.explainBatch(x, 'top1')),
  },
  {
    id: '7b', input: 'CASE `method.explain` of a tensor with one +Infinity pixel', code: 'SALIENCY_INVALID_INPUT',
    names: /case\/case: input images contains NaN or Infinity/,
    api: async (env) => {
      const m = await env.registry.create('saliency-method', 'case/case', { adapter: env.adapter } as never);
      const x = tf.tidy(() => tf.add(tf.fill([1, 32, 32, 3], 0.5), tf.scatterND([[0, 3, 4, 1]], [Infinity], [1, 32, 32, 3]))) as tf.Tensor4D;
      try {
        return await m.explain({ split: env.adapter.split('head_conv'), input: x, targets: [0], contrasts: [[1]] });
      } finally {
        x.dispose();
      }
    },
  },
  {
    id: '7c', input: '`saliency explain --scale nan`', code: 'SALIENCY_INVALID_CONFIG', exit: 1, names: /--scale must be a finite number \(got nan\)/,
    cli: (env) => explain(env, '--scale', 'nan'),
  },
  {
    id: '7d', input: '`saliency explain --std 1e-40,1,1` (pixels overflow float32)', code: 'SALIENCY_INVALID_INPUT', exit: 1,
    names: /--std 1e-40,1,1 contains NaN or Infinity/,
    cli: (env) => explain(env, '--std', '1e-40,1,1'),
  },
  // 8. a class index out of range
  {
    id: '8a', input: '`explainBatch(x, [10])` on a 10-class model', code: 'SALIENCY_INVALID_TARGET',
    names: /target class 10 for image 0 is out of range \[0, 10\)/,
    api: (env) => withInput([1, 32, 32, 3], 0.5, (x) => env.exp.explainBatch(x, [10])),
  },
  {
    id: '8b', input: 'Grad-CAM `method.explain` with `targets: [-1]`', code: 'SALIENCY_INVALID_TARGET',
    names: /cam\/grad-cam: target class -1 for image 0 is out of range \[0, 10\)/,
    api: (env) => gradCamOn(env, [1, 32, 32, 3], [-1]),
  },
  {
    id: '8c', input: '`saliency explain --target 10`', code: 'SALIENCY_INVALID_TARGET', exit: 1,
    names: /--target must be top1, top2 or a class index in \[0, 10\) \(got 10\)/,
    cli: (env) => explain(env, '--target', '10'),
  },
  {
    id: '8d', input: '`saliency explain --target 2.5`', code: 'SALIENCY_INVALID_TARGET', exit: 1, names: /\(got 2\.5\)/,
    cli: (env) => explain(env, '--target', '2.5'),
  },
];
