/**
 * The world the bad-input matrix runs in: one temporary folder holding broken copies of the oracle models, images,
 * matrices, study configs and plugin projects; a runner that drives one row (API call or CLI argv) and reports what
 * a user would see; and a fault injector for writes (a full disk cannot be made on demand, an fs error can).
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { compose, PluginRegistry, type ComposedExperiment, type ModelAdapter } from '@saliency/core';
import { clearDiscoveryCache } from '@saliency/core/node';
import { loadModel } from '@saliency/adapters/node';
import { FIRST_PARTY } from '../../../src/context.js';
import { makeImageFolder } from '../../../../study/test/helpers/fixtures.js';
import { FIXTURES, REPO, runCli, spawnCli } from '../../helpers/run.js';

export interface Env {
  readonly tmp: string;
  /** The intact resish oracle model (10 classes, 32×32×3 input). */
  readonly model: string;
  readonly img: string;
  readonly adapter: ModelAdapter;
  readonly registry: PluginRegistry;
  /** Grad-CAM and CASE (top-logit contrasts) at head_conv of resish, through the composer. */
  readonly exp: ComposedExperiment;
  /** A labelled image folder for `saliency run`. */
  readonly data: string;
  /** Frees the model and deletes the temporary folder. */
  dispose(): void;
}

/** Copies a fixture folder and makes the copy writable (the fixtures are read-only; a copy keeps their modes). */
export function copyWritable(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  const walk = (p: string): void => {
    chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
    if (statSync(p).isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
  };
  walk(to);
  return to;
}

/** A PNG of `w×h` pixels with `colorType` 0 (grey), 2 (RGB) or 6 (RGBA), in a smooth deterministic pattern. */
export function writePng(file: string, w: number, h: number, colorType: 0 | 2 | 6): string {
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      png.data[i] = (x * 255) / w;
      png.data[i + 1] = (y * 255) / h;
      png.data[i + 2] = ((x + y) * 127) / (w + h);
      png.data[i + 3] = 128 + ((x * 3) % 128);
    }
  writeFileSync(file, PNG.sync.write(png, { colorType }));
  return file;
}

/** A user project whose direct dependencies are the given test-fixtures packages (as plugins.test.ts builds it). */
export function projectWith(tmp: string, name: string, deps: readonly string[]): string {
  const root = join(tmp, 'projects', name);
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: `user-${name}`, private: true, dependencies: Object.fromEntries(deps.map((d) => [d, '*'])) }));
  for (const d of deps) symlinkSync(resolve(REPO, 'test-fixtures', d), join(root, 'node_modules', d), 'dir');
  return root;
}

/** A study config on the given model entries (YAML lines), over `data`, small enough to run in well under a second. */
export function studyConfig(env: Pick<Env, 'tmp' | 'data'>, name: string, models: string, extra = ''): string {
  const file = join(env.tmp, `${name}.yaml`);
  writeFileSync(
    file,
    `backend: wasm\nmodels:\n${models}\ndataset:\n  source: [datasets/image-folder, {path: ${env.data}}]\n` +
      `sampling: {images: 2, calibration: 10, batchSize: 2}\nmethods: [cam/grad-cam]\noutputs: {report: false}\n${extra}`,
  );
  return file;
}

export async function makeEnv(): Promise<Env> {
  const tmp = mkdtempSync(join(tmpdir(), 'saliency-bad-input-'));
  const model = join(FIXTURES, 'resish/model.json');
  const img = writePng(join(tmp, 'img.png'), 32, 32, 2);
  const data = await makeImageFolder(join(tmp, 'data'), 40);
  const adapter = await loadModel(model);
  const registry = new PluginRegistry();
  for (const p of FIRST_PARTY) registry.register(p);
  const exp = await compose(
    { model: ['adapters/layers-model', { path: model }], layer: 'head_conv', methods: ['cam/grad-cam', 'case/case'], contrastSelector: 'case/top-logits' },
    { registry, adapter },
  );
  return { tmp, model, img, adapter, registry, exp, data, dispose: () => (exp.dispose(), adapter.dispose(), rmSync(tmp, { recursive: true, force: true })) };
}

/** `/tmp/saliency-bad-input-x/a/model.json` → `<tmp>/a/model.json`; the repository → `<repo>`. */
export const shorten = (env: Pick<Env, 'tmp'>, s: string): string => s.split(env.tmp).join('<tmp>').split(REPO).join('<repo>');

export interface Fault {
  readonly code: 'ENOSPC' | 'EACCES';
  /** Which writes fail (by path; atomic writers write `<file>.tmp-…` first). */
  readonly match: (path: string) => boolean;
}

/**
 * Makes `fs.promises.writeFile` fail for matching paths until the returned function is called, for every importer
 * (syncBuiltinESMExports updates the live `node:fs/promises` bindings). ENOSPC writes half the bytes first, as a
 * full disk does; EACCES fails at open, as a read-only folder does. Messages and fields are Node's.
 */
export function injectFault(fault: Fault): () => void {
  const fsp = createRequire(import.meta.url)('node:fs/promises') as typeof import('node:fs/promises');
  const real = fsp.writeFile;
  const failing = (async (path: unknown, data: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof path !== 'string' || !fault.match(path)) return (real as (...a: unknown[]) => Promise<void>)(path, data, ...rest);
    if (fault.code === 'ENOSPC') {
      await real(path, typeof data === 'string' ? data.slice(0, data.length >> 1) : data.subarray(0, data.length >> 1));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { errno: -28, code: 'ENOSPC', syscall: 'write' });
    }
    throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { errno: -13, code: 'EACCES', syscall: 'open', path });
  }) as typeof real;
  fsp.writeFile = failing;
  syncBuiltinESMExports();
  return () => {
    fsp.writeFile = real;
    syncBuiltinESMExports();
  };
}

/** Whether chmod can stop this process writing (not as root). */
export const chmodBinds = (): boolean => process.getuid?.() !== 0;

export interface Row {
  /** `1a`: the case number of the brief and a letter per surface/sub-case. */
  readonly id: string;
  /** Markdown for the doc's input column (`<tmp>` for the temporary folder). */
  readonly input: string;
  /** The expected code; null where the input is legal by design (the outcome is then described, not thrown). */
  readonly code: string | null;
  /** The message (tmp paths shortened) must match: it names the file, layer, option or value. */
  readonly names: RegExp;
  /** CLI rows: the expected exit status. */
  readonly exit?: number;
  /** API row: throws for a bad input, or returns a description of the (legal) outcome. */
  readonly api?: (env: Env) => Promise<unknown>;
  /** CLI row: argv after the global options (`--backend wasm --no-discovery` unless `globals` says otherwise). */
  readonly cli?: (env: Env) => string[];
  readonly globals?: (env: Env) => string[];
  /** Run the real binary in a child process instead of `main` in-process. */
  readonly spawn?: boolean;
  /** Called before the row runs (creates previous outputs, breaks folders); may return a fault to inject. */
  readonly prepare?: (env: Env) => Promise<Fault | undefined> | Fault | undefined;
  /** Checks after the row ran: previous outputs intact, no temporary file left. Throws on a problem. */
  readonly check?: (env: Env) => void;
}

export interface Outcome {
  readonly code: string | null;
  /** First line of the error (API) or of stderr (CLI), tmp paths shortened; for legal inputs, the description. */
  readonly message: string;
  /** API rows: the thrown object's class name. */
  readonly errorName?: string;
  readonly exit?: number;
  readonly stderr?: string;
  /** API rows: tensors alive after minus before. */
  readonly leaked?: number;
  /** CLI rows: the command line that ran. */
  readonly argv?: readonly string[];
}

/** Runs one row and reports what a user would see. Never throws for the row's own failure. */
export async function runRow(row: Row, env: Env): Promise<Outcome> {
  const fault = await row.prepare?.(env);
  const restore = fault ? injectFault(fault) : undefined;
  try {
    if (row.api) {
      const before = tf.memory().numTensors;
      let out: Omit<Outcome, 'leaked'>;
      try {
        const r = await row.api(env);
        out = { code: null, message: shorten(env, String(r)) };
      } catch (e) {
        const err = e as Error & { code?: unknown };
        out = { code: typeof err.code === 'string' ? err.code : null, message: shorten(env, String(err.message ?? e)), errorName: err.name };
      }
      return { ...out, leaked: tf.memory().numTensors - before };
    }
    const argv = [...(row.globals?.(env) ?? ['--backend', 'wasm', '--no-discovery']), ...row.cli!(env)];
    clearDiscoveryCache(); // plugin rows discover from their own project
    const r = row.spawn ? spawnCli(argv) : await runCli(argv);
    // The error line, wherever it is (`run` may report progress first); a legal input's first line describes it.
    const line = r.err.split('\n').find((l) => l.startsWith('saliency: ')) ?? r.err.split('\n')[0] ?? '';
    const m = /^saliency: (SALIENCY_[A-Z_]+): (.*)$/.exec(line);
    return { code: m ? m[1]! : null, message: shorten(env, m ? m[2]! : line), exit: r.status, stderr: shorten(env, r.err), argv };
  } finally {
    restore?.();
  }
}
