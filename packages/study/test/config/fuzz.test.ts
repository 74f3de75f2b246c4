import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSaliencyError, type PluginRegistry } from '@saliency/core';
import { selectBackend } from '@saliency/adapters';
import { stringify } from 'yaml';
import { createStudyRegistry, loadStudyConfig, prepareStudy, runStudy, type StudyConfig } from '../../src/index.js';
import { backendSwitcher } from '../../src/run/backend.js';
import { makeImageFolder, RESISH, VGGISH } from '../helpers/fixtures.js';

/**
 * Arbitrary objects and mutated valid configs through everything a study checks before work (schema, plugins,
 * models, dataset, fit): the answer is a prepared study or one SaliencyError with a SALIENCY_ code and a one-line
 * message; never another exception, never a hang. A few of the valid ones then run end to end.
 * SALIENCY_HEAVY=1 raises the runs from 200 to 2000 per property.
 */
const HEAVY = process.env.SALIENCY_HEAVY === '1';
const RUNS = HEAVY ? 2000 : 200;
const HANG_MS = 20_000;
/** Fixed, so a failure replays; SALIENCY_FUZZ_SEED explores other streams. */
const SEED = Number(process.env.SALIENCY_FUZZ_SEED ?? 8101);

const root = mkdtempSync(join(tmpdir(), 'study-fuzz-'));
const data = join(root, 'data');
let registry: PluginRegistry;

/** Every section filled in, so that mutations reach every key of the schema. */
const base = () => ({
  name: 'fuzz', seed: 1, parity: 'default', backend: 'wasm',
  models: [{ path: VGGISH, layers: ['target_conv', 'conv4'], preprocessing: 'unit', backend: 'wasm' }, { path: RESISH, id: 'res', preprocessing: { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] } }],
  dataset: { source: ['datasets/image-folder', { path: data }] },
  sampling: { images: 2, correctOnly: true, calibration: 4, batchSize: 2 },
  methods: ['case/case', ['cam/grad-cam', {}]],
  contrast: { selector: 'case/confusion-matrix', k: 1, order: 'count-then-index' },
  metrics: {
    agreement: { kPercent: 5, tieOrder: 'value-then-index' },
    confidenceDrop: { kPercent: 50, replacement: 'zero', tieOrder: 'value-then-index', legacyTransposedMask: false, reference: 'case/case' },
    channelActivity: { tau: 0.001, extraTaus: [0.1], topChannels: 10 },
    groundTruth: { metric: 'metrics/unique-evidence', options: {}, contrast: 'selector' },
  },
  statistics: { threshold: 50, alternative: 'less', correction: 'holm', alpha: 0.05, confidenceLevel: 0.95, roundBeforeTests: false },
  outputs: { gridImages: 0, report: false },
  plugins: { discovery: false },
});

type Key = string | number;
type Node = Record<Key, unknown>;
const paths = (v: unknown, at: Key[] = []): Key[][] =>
  v && typeof v === 'object' ? Object.keys(v).flatMap((k) => { const key = Array.isArray(v) ? Number(k) : k; return [[...at, key], ...paths((v as Node)[key], [...at, key])]; }) : [];
const PATHS = paths(base());
const PLUGIN_IDS: Key[][] = [['methods', 0], ['methods', 1, 0], ['contrast', 'selector'], ['dataset', 'source', 0], ['metrics', 'confidenceDrop', 'reference'], ['metrics', 'groundTruth', 'metric']];
const STRINGS: Key[][] = [...PLUGIN_IDS, ['name'], ['models', 0, 'path'], ['models', 0, 'layers', 1], ['models', 1, 'id'], ['dataset', 'source', 1, 'path']];
const OPTIONS: Key[][] = [['methods', 1, 1], ['dataset', 'source', 1], ['metrics', 'groundTruth', 'options']];

const parentOf = (c: unknown, path: Key[]): Node | undefined => {
  let cur = c;
  for (const k of path.slice(0, -1)) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Node)[k];
  }
  return cur && typeof cur === 'object' ? (cur as Node) : undefined;
};

/** Any UTF-16 string: control characters (newlines, NUL) and lone surrogates included, as a JS caller may pass. */
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }));
const outOfRange = fc.oneof(fc.constantFrom(-1, 0, 0.5, 101, 1025, 2 ** 32, -(2 ** 53), Number.NaN, Number.POSITIVE_INFINITY), fc.integer({ min: -1e6, max: 1e6 }), fc.double());
const typo = (s: string) => fc.tuple(fc.nat(s.length), fc.constantFrom('drop', 'insert', 'swap'), fc.string({ minLength: 1, maxLength: 1 })).map(([i, op, ch]) =>
  op === 'drop' ? s.slice(0, i) + s.slice(i + 1) : op === 'insert' ? s.slice(0, i) + ch + s.slice(i) : s.slice(0, i) + ch + s.slice(i + 1));

/** One change to a config: a value of any type, a number out of range, an unknown key, a removed key, a bad plugin id or options. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), path: fc.constantFrom(...PATHS), value: fc.jsonValue() }),
  fc.record({ op: fc.constant('replace' as const), path: fc.constantFrom(...PATHS), value: outOfRange }),
  fc.record({ op: fc.constant('add' as const), path: fc.constantFrom([] as Key[], ...PATHS), key: fc.oneof(anyString, fc.constantFrom('model', 'layer', 'seeds', 'discover', '__proto__', 'constructor')), value: fc.jsonValue() }),
  fc.record({ op: fc.constant('replace' as const), path: fc.constantFrom(...STRINGS), value: anyString }),
  fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }),
  fc.constantFrom(...PLUGIN_IDS).chain((path) => fc.record({ op: fc.constant('replace' as const), path: fc.constant(path), value: fc.oneof(anyString, typo(String(path.reduce<unknown>((o, k) => (o as Node)[k], base())))) })),
  fc.record({ op: fc.constant('replace' as const), path: fc.constantFrom(...OPTIONS), value: fc.dictionary(fc.constantFrom('gradient', 'epsilon', 'contrastK', 'preprocessing', 'labels', 'kPercent', 'x'), fc.jsonValue()) }),
);
type Mutation = { op: 'replace' | 'add' | 'delete'; path: Key[]; key?: string; value?: unknown };

function mutate(ms: readonly Mutation[]): unknown {
  const c = base();
  for (const m of ms) {
    if (m.op === 'add') {
      const node = m.path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Node)[k] : undefined), c);
      // An own property even for "__proto__", as JSON.parse and YAML produce it.
      if (node && typeof node === 'object' && !Array.isArray(node)) Object.defineProperty(node, m.key!, { value: m.value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const parent = parentOf(c, m.path);
    const key = m.path.at(-1)!;
    if (!parent) continue;
    if (m.op === 'replace') parent[key] = m.value;
    else if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  }
  return c;
}

/** Prepares `config`; returns 'ok' or the error, failing the property on anything but a well-formed SaliencyError. */
async function outcome(config: unknown): Promise<'ok' | string> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`no answer in ${HANG_MS} ms`)), HANG_MS)));
  try {
    await Promise.race([prepareStudy(config, { registry, root, useBackend: backendSwitcher() }), hang]);
    return 'ok';
  } catch (e) {
    if (!isSaliencyError(e)) throw new Error(`not a SaliencyError: ${String((e as Error)?.stack ?? e)}`);
    expect(e.code).toMatch(/^SALIENCY_[A-Z_]+$/);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message, 'one line').not.toMatch(/[\n\r]/);
    return e.code;
  } finally {
    clearTimeout(timer);
  }
}

const valid: unknown[] = [];
const codes = new Map<string, number>();
const count = (r: string) => codes.set(r, (codes.get(r) ?? 0) + 1);

beforeAll(async () => {
  await selectBackend('wasm');
  await makeImageFolder(data, 16);
  registry = createStudyRegistry();
});

describe('study config fuzzing', () => {
  it('the unmutated base config is valid (else every mutation would fail for the same reason)', async () => {
    expect(await outcome(base())).toBe('ok');
  });

  it('arbitrary JSON values and objects with config-like keys: a prepared study or one SALIENCY_ error line', async () => {
    const keys = fc.constantFrom('name', 'seed', 'models', 'dataset', 'methods', 'sampling', 'metrics', 'statistics', 'plugins', 'x');
    await fc.assert(fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.dictionary(keys, fc.jsonValue())), async (c) => void count(await outcome(c))), { seed: SEED, numRuns: RUNS });
  });

  it('mutations of a valid config (wrong types, unknown keys, out-of-range numbers, unknown plugin ids): the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const c = mutate(ms as Mutation[]);
        const r = await outcome(c);
        count(r);
        if (r === 'ok' && valid.length < 3 && !valid.some((v) => JSON.stringify(v) === JSON.stringify(c))) valid.push(c);
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
    console.log(`[fuzz] study configs: ${[...codes].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    expect(codes.get('SALIENCY_INVALID_CONFIG')).toBeGreaterThan(0);
    expect(codes.get('SALIENCY_UNKNOWN_PLUGIN')).toBeGreaterThan(0);
  });

  it('config files of arbitrary text, or a valid YAML file cut short or with bytes changed: a config or one SALIENCY_INVALID_CONFIG line', async () => {
    const yaml = stringify(base());
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.tuple(fc.nat(yaml.length), fc.nat(yaml.length)).map(([a, b]) => yaml.slice(0, Math.min(a, b)) + yaml.slice(Math.max(a, b))),
      fc.tuple(fc.nat(yaml.length), fc.string({ unit: 'binary', maxLength: 4 })).map(([i, ch]) => yaml.slice(0, i) + ch + yaml.slice(i + ch.length)),
    );
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('.yaml', '.json'), async (t, ext) => {
        const file = join(root, `config${ext}`);
        writeFileSync(file, t);
        const r = await loadStudyConfig(file).then(() => 'ok', (e: unknown) => e);
        if (r === 'ok') return;
        expect(isSaliencyError(r, 'SALIENCY_INVALID_CONFIG'), String(r)).toBe(true);
        expect((r as Error).message).not.toMatch(/[\n\r]/);
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });

  it('valid mutated configs run end to end (2 images per model)', async () => {
    expect(valid.length).toBeGreaterThan(0);
    for (const [i, c] of valid.entries()) {
      const r = await runStudy(c as StudyConfig, { registry, root, outDir: join(root, `run-${i}`), images: 2 });
      expect(r.completed).toBe(true);
      expect(r.summary!.results.rows).toBeGreaterThan(0);
    }
  });
});
