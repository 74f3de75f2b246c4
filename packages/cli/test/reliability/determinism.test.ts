import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyManifest, PluginPackage } from '@saliency/core';
import { selectBackend } from '@saliency/adapters';
import { plugin as methodCase } from '@saliency/method-case';
import { plugin as methodsCam } from '@saliency/methods-cam';
import { studySchema } from '@saliency/study';
import { makeImageFolder, RESISH, VGGISH } from '../../../study/test/helpers/fixtures.js';
import { REPO, runCli } from '../helpers/run.js';
import { writeOracleStudy } from '../helpers/study-yaml.js';
import { EXPLAIN_METHODS, jsonName } from './helpers/explain-methods.js';
import { start, startCli } from './helpers/spawn.js';

/**
 * Same seed, two processes: the maps of `saliency explain --json` and every output of a `saliency run` study must be
 * byte-identical (summary.json up to its `run` section), and what was in force must be written down.
 */
const root = mkdtempSync(join(tmpdir(), 'saliency-determinism-'));
const data = join(root, 'data');

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)).map((g) => join(f, g)) : [f])).sort();
const manifest = (p: PluginPackage, id: string): AnyManifest => p.plugins.find((m) => `${p.meta.namespace}/${m.id}` === id)!;

beforeAll(async () => {
  await selectBackend('wasm');
  await makeImageFolder(data, 60);
});

describe('explain --json in two processes', () => {
  it('gives byte-identical JSON for every method, whatever ran before it, and records every setting in force', async () => {
    const images = [join(data, files(data)[0]!), join(data, files(data)[1]!)];
    const matrix = join(root, 'confusion.json');
    writeFileSync(matrix, JSON.stringify(Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 40 : (i * 3 + j * 5) % 13)))));
    const args = ['--backend', 'wasm', '--model', RESISH, ...images.flatMap((i) => ['--image', i]), '--mean', '0.5,0.4,0.3', '--std', '0.2,0.25,0.3', '--contrast-matrix', matrix, '--contrast-k', '2'];
    const script = resolve(REPO, 'packages/cli/test/reliability/helpers/explain-methods.ts');
    const [a, b] = [join(root, 'explain-a'), join(root, 'explain-b')];
    for (const d of [a, b]) mkdirSync(d);
    const runs = await Promise.all([start(script, ['forward', a, ...args]).done, start(script, ['reverse', b, ...args]).done]);
    for (const r of runs) expect(r.err.split('\n').filter((l) => /SALIENCY_|error/i.test(l))).toEqual([]);
    expect(runs.map((r) => r.status)).toEqual([0, 0]);
    expect(files(a)).toEqual(files(b));
    expect(files(a)).toHaveLength(EXPLAIN_METHODS.length * images.length);
    for (const f of files(a)) expect(readFileSync(join(a, f), 'utf8'), f).toBe(readFileSync(join(b, f), 'utf8'));

    for (const method of EXPLAIN_METHODS) {
      const doc = JSON.parse(readFileSync(join(a, jsonName(method).replace('.json', '-1.json')), 'utf8')) as Record<string, any>;
      expect(doc).toMatchObject({ model: RESISH, method, backend: 'wasm', image: images[1], target: 'top1', preprocessing: { size: [32, 32], scale: 1, mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3] } });
      // Every option the method has is written out, defaults included.
      const m = manifest(method.startsWith('case/') ? methodCase : methodsCam, method);
      expect(Object.keys(doc.options).sort()).toEqual(Object.keys(m.defaultOptions as object).sort());
      if (method === 'case/case') {
        expect(doc.options.contrastK).toBe(2);
        expect(doc.contrast).toMatchObject({ selector: 'case/confusion-matrix', k: 2, options: { path: matrix } });
        expect(Object.keys(doc.contrast.options).sort()).toEqual(['path', ...Object.keys(manifest(methodCase, 'case/confusion-matrix').defaultOptions as object)].sort());
        expect(doc.contrasts).toHaveLength(2);
      } else {
        expect(doc.contrast).toBeUndefined();
      }
    }
  }, 180_000);
});

const config = (name: string) => writeOracleStudy(join(root, `${name}.yaml`), { data, seed: 3, images: 4, calibration: 12, batchSize: 3 });
const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Record<string, any>;

describe('saliency run in two processes', () => {
  it('writes byte-identical results, tables, report, grids and summary (but for its run section); another seed differs', async () => {
    const file = config('same');
    const [a, b, c] = ['run-a', 'run-b', 'run-c'].map((d) => join(root, d));
    const children = [startCli(['--no-discovery', 'run', file, '--out', a]).done, startCli(['--no-discovery', 'run', file, '--out', b]).done];
    const other = await runCli(['--no-discovery', 'run', file, '--out', c, '--seed', '4']);
    const runs = await Promise.all(children);
    expect(runs.map((r) => [r.status, r.err.match(/SALIENCY_.*/)?.[0]])).toEqual([[0, undefined], [0, undefined]]);
    expect(other.status).toBe(0);

    expect(files(a)).toEqual(files(b));
    expect(files(a)).toEqual(expect.arrayContaining(['results.jsonl', 'summary.json', 'tables.md', 'results.csv', 'report.html', 'study.json', 'confusion/vggish.json']));
    for (const f of files(a).filter((f) => f !== 'summary.json')) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    const [sa, sb] = [summaryOf(a), summaryOf(b)];
    // Only timestamps, the duration and the folder may differ.
    expect(Object.keys(sa.run).sort()).toEqual(['durationMs', 'finishedAt', 'outDir', 'resumed', 'rowsBefore', 'startedAt']);
    expect({ ...sa, run: { ...sa.run, startedAt: 0, finishedAt: 0, durationMs: 0, outDir: 0 } }).toEqual({ ...sb, run: { ...sb.run, startedAt: 0, finishedAt: 0, durationMs: 0, outDir: 0 } });
    // ... and the tables they compare hold p-values.
    expect(sa.tables.tableI.cells.filter((c: { p: unknown }) => typeof c.p === 'number').length).toBeGreaterThan(0);
    expect(sa.tables.tableIII.cells.length).toBeGreaterThan(0);

    // The seed is in force: another one samples other images.
    expect(summaryOf(c).seed).toBe(4);
    expect(readFileSync(join(c, 'results.jsonl'), 'utf8')).not.toBe(readFileSync(join(a, 'results.jsonl'), 'utf8'));
  }, 180_000);

  it('records the seed, the backend and every setting of the config schema in summary.json', () => {
    const s = summaryOf(join(root, 'run-a'));
    expect([s.seed, s.settings.seed, s.settings.backend, s.backends, s.settings.parity]).toEqual([3, 3, 'wasm', ['wasm'], 'default']);
    // --no-discovery was in force, so the summary says so although the config left plugins.discovery alone.
    expect(s.settings.plugins).toEqual({ discovery: false });
    // Each closed section of the schema (sampling, contrast, statistics, ...) has every one of its keys in the settings.
    const props = studySchema.properties as Record<string, { properties?: Record<string, unknown> }>;
    const sections: [string, Record<string, unknown> | undefined][] = [
      ...['sampling', 'contrast', 'statistics', 'outputs', 'plugins'].map((k) => [k, props[k]!.properties] as [string, Record<string, unknown> | undefined]),
      ...Object.entries(props.metrics!.properties!).map(([k, v]) => [k, (v as { anyOf: { properties?: Record<string, unknown> }[] }).anyOf[1]!.properties] as [string, Record<string, unknown> | undefined]),
    ];
    for (const [section, keys] of sections) {
      expect(s.settings[section], section).toBeTypeOf('object');
      for (const k of Object.keys(keys!)) expect(s.settings[section], `settings.${section}.${k}`).toHaveProperty(k);
    }
    // Method options with their defaults, as the methods ran.
    for (const [id, options] of s.settings.methods as [string, Record<string, unknown>][]) {
      const m = manifest(id.startsWith('case/') ? methodCase : methodsCam, id);
      expect(Object.keys(options).sort(), id).toEqual(Object.keys(m.defaultOptions as object).sort());
    }
    expect(s.models.map((m: { path: string; sha256: string; backend: string; preprocessing: object }) => [m.path, m.sha256.length, m.backend, typeof m.preprocessing])).toEqual([
      [relative(REPO, VGGISH), 64, 'wasm', 'object'],
      [relative(REPO, RESISH), 64, 'wasm', 'object'],
    ]);
  });
});
