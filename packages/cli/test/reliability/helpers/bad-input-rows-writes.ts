/**
 * Bad-input matrix, cases 17–18: an output folder that cannot be written, and a disk that fills up mid-write.
 * Every row that overwrites checks that the previous output is still there, whole, and that no temporary is left.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { saveLayersModel } from '@saliency/adapters/node';
import { PluginRegistry } from '@saliency/core';
import { loadStudyConfig, runStudy } from '@saliency/study';
import { FIRST_PARTY } from '../../../src/context.js';
import { runCli } from '../../helpers/run.js';
import { chmodBinds, studyConfig, type Env, type Fault, type Row } from './bad-input-env.js';

/** `<tmp>/a-file`: a regular file, so any path below it cannot be created (ENOTDIR, also as root). */
const aFile = (env: Env): string => {
  const p = join(env.tmp, 'a-file');
  if (!existsSync(p)) writeFileSync(p, 'a regular file\n');
  return p;
};
const explainTo = (env: Env, ...out: string[]): string[] => ['explain', '--model', env.model, '--method', 'cam/grad-cam', '--image', env.img, ...out];
const tmpLeft = (dir: string): string[] => readdirSync(dir).filter((f) => f.includes('.tmp-'));

/** Runs a successful `explain --json <dir>/out.json` and keeps a copy of what it wrote. */
async function previousExplain(env: Env, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const r = await runCli(['--backend', 'wasm', '--no-discovery', ...explainTo(env, '--json', join(dir, 'out.json'))]);
  if (r.status !== 0) throw new Error(`the first explain failed: ${r.err}`);
  writeFileSync(join(env.tmp, `${dir.split('/').at(-1)}.before.json`), readFileSync(join(dir, 'out.json')));
}

/** The previous output is byte-identical, still parses, and no temporary file is left beside it. */
function intact(dir: string, files: readonly string[], before: (f: string) => string): void {
  for (const f of files) {
    const now = readFileSync(join(dir, f));
    if (!now.equals(readFileSync(before(f)))) throw new Error(`${f} was changed by the failed write`);
    if (f.endsWith('.json')) JSON.parse(now.toString('utf8'));
  }
  const left = tmpLeft(dir);
  if (left.length) throw new Error(`temporary files left in ${dir}: ${left.join(', ')}`);
}

/** A fresh (randomly initialised) two-layer model, disposed by the caller. */
const tinyModel = (): tfl.LayersModel => tfl.sequential({ layers: [tfl.layers.dense({ units: 4, inputShape: [3], activation: 'relu' }), tfl.layers.dense({ units: 2 })] });
async function saveTiny(dir: string): Promise<void> {
  const m = tinyModel();
  try {
    await saveLayersModel(m, dir);
  } finally {
    m.dispose();
  }
}

const ENOSPC = (file: string): Fault => ({ code: 'ENOSPC', match: (p) => p.startsWith(`${file}.tmp-`) });

export const WRITE_ROWS: readonly Row[] = [
  // 17. an output folder that cannot be written
  {
    id: '17a', input: '`saliency explain --json <tmp>/a-file/out.json` (parent is a regular file; real binary)', code: 'SALIENCY_IO_FAILED', exit: 1,
    names: /^cannot write <tmp>\/a-file\/out\.json \(ENOTDIR: not a directory\)$/,
    spawn: true,
    cli: (env) => explainTo(env, '--json', join(aFile(env), 'out.json')),
  },
  {
    id: '17b', input: '`saliency explain --out <tmp>/a-file/out.png`', code: 'SALIENCY_IO_FAILED', exit: 1,
    names: /^cannot write <tmp>\/a-file\/out\.png \(ENOTDIR: not a directory\)$/,
    cli: (env) => explainTo(env, '--out', join(aFile(env), 'out.png')),
  },
  {
    id: '17c',
    input: '`saliency explain --json <tmp>/read-only/out.json` over a previous out.json, folder chmod 0o500 (as root, where chmod does not stop writes: EACCES injected at open)',
    code: 'SALIENCY_IO_FAILED', exit: 1, names: /^cannot write <tmp>\/read-only\/out\.json \(EACCES: permission denied\)$/,
    prepare: async (env) => {
      const dir = join(env.tmp, 'read-only');
      await previousExplain(env, dir);
      chmodSync(dir, 0o500);
      return chmodBinds() ? undefined : { code: 'EACCES', match: (p) => p.startsWith(`${join(dir, 'out.json')}.tmp-`) };
    },
    cli: (env) => explainTo(env, '--json', join(env.tmp, 'read-only/out.json')),
    check: (env) => {
      chmodSync(join(env.tmp, 'read-only'), 0o755);
      intact(join(env.tmp, 'read-only'), ['out.json'], () => join(env.tmp, 'read-only.before.json'));
    },
  },
  {
    id: '17d', input: '`saliency run --out <tmp>/a-file/run`', code: 'SALIENCY_IO_FAILED', exit: 1,
    names: /^cannot create the run folder <tmp>\/a-file\/run \(ENOTDIR: not a directory\)$/,
    cli: (env) => ['run', studyConfig(env, 'unwritable', `  - path: ${env.model}`), '--out', join(aFile(env), 'run')],
  },
  {
    id: '17f', input: '`runStudy(config, {outDir: "<tmp>/a-file/run"})`', code: 'SALIENCY_IO_FAILED',
    names: /^cannot create the run folder <tmp>\/a-file\/run \(ENOTDIR: not a directory\)$/,
    api: async (env) => runStudy(await loadStudyConfig(studyConfig(env, 'unwritable-api', `  - path: ${env.model}`)), { registry: firstParty(), outDir: join(aFile(env), 'run') }),
  },
  {
    id: '17e', input: '`saveLayersModel(model, "<tmp>/a-file/model")`', code: 'SALIENCY_IO_FAILED',
    names: /^cannot save the model to <tmp>\/a-file\/model \(ENOTDIR: not a directory\)$/,
    api: (env) => saveTiny(join(aFile(env), 'model')),
  },
  // 18. a full disk: the write fails after half the bytes
  {
    id: '18a',
    input: '`saliency explain --json <tmp>/full/out.json` over a previous out.json, ENOSPC after half the bytes',
    code: 'SALIENCY_IO_FAILED', exit: 1, names: /^cannot write <tmp>\/full\/out\.json \(ENOSPC: no space left on device\)$/,
    prepare: async (env) => (await previousExplain(env, join(env.tmp, 'full')), ENOSPC(join(env.tmp, 'full/out.json'))),
    cli: (env) => explainTo(env, '--json', join(env.tmp, 'full/out.json')),
    check: (env) => intact(join(env.tmp, 'full'), ['out.json'], () => join(env.tmp, 'full.before.json')),
  },
  {
    id: '18b',
    input: '`saliency run --resume` of a finished run, ENOSPC while rewriting tables.md',
    code: 'SALIENCY_IO_FAILED', exit: 1, names: /^cannot write <tmp>\/runs\/full-run\/tables\.md \(ENOSPC: no space left on device\)$/,
    prepare: async (env) => {
      const out = join(env.tmp, 'runs/full-run');
      const r = await runCli(['--backend', 'wasm', '--no-discovery', 'run', studyConfig(env, 'full-run', `  - path: ${env.model}`), '--out', out]);
      if (r.status !== 0) throw new Error(`the first run failed: ${r.err}`);
      cpSync(out, `${out}.before`, { recursive: true });
      return ENOSPC(join(out, 'tables.md'));
    },
    cli: (env) => ['run', join(env.tmp, 'full-run.yaml'), '--out', join(env.tmp, 'runs/full-run'), '--resume'],
    check: (env) => {
      const out = join(env.tmp, 'runs/full-run');
      intact(out, ['tables.md', 'results.csv', 'results.jsonl'], (f) => join(`${out}.before`, f));
      JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')); // rewritten before tables.md, whole
    },
  },
  {
    id: '18c',
    input: '`saveLayersModel` over a saved model, ENOSPC after half of model.json',
    code: 'SALIENCY_IO_FAILED', names: /^cannot save the model to <tmp>\/saved-model \(ENOSPC: no space left on device\)$/,
    prepare: async (env) => {
      const dir = join(env.tmp, 'saved-model');
      await saveTiny(dir);
      cpSync(dir, `${dir}.before`, { recursive: true });
      return ENOSPC(join(dir, 'model.json'));
    },
    api: (env) => saveTiny(join(env.tmp, 'saved-model')),
    check: (env) => {
      const dir = join(env.tmp, 'saved-model');
      // Both files: new weights beside the old model.json would load as a silently different model.
      intact(dir, ['model.json', 'weights.bin'], (f) => join(`${dir}.before`, f));
    },
  },
];


/** A registry with the CLI's first-party plugins, as `saliency run --no-discovery` has. */
function firstParty(): PluginRegistry {
  const registry = new PluginRegistry();
  for (const p of FIRST_PARTY) registry.register(p);
  return registry;
}
