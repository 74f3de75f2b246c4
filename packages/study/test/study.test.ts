import { existsSync, mkdtempSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { PluginRegistry } from '@saliency/core';
import { selectBackend } from '@saliency/adapters';
import { readRows, rowKey, runStudy, type StudyEvent } from '../src/index.js';
// @ts-expect-error: the fixture plugin package is plain JavaScript without type declarations
import { plugin as examplePlugin } from '../../../test-fixtures/saliency-plugin-example/src/plugin.js';
import { makeImageFolder } from './helpers/fixtures.js';
import { oracleStudy, settled } from './helpers/study.js';

const root = mkdtempSync(join(tmpdir(), 'study-e2e-'));
const data = join(root, 'data');
const out = (name: string) => join(root, name);
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

beforeAll(async () => {
  await selectBackend('wasm');
  await makeImageFolder(data, 120);
});

describe('runStudy on the oracle models', () => {
  let first: Awaited<ReturnType<typeof runStudy>>;

  it('composes a study in code with a third-party method registered explicitly', async () => {
    const registry = new PluginRegistry();
    registry.register(examplePlugin);
    const config = oracleStudy(data, { methods: ['case/case', 'cam/grad-cam', 'example/hi-res-cam'] });
    const tensors = tf.memory().numTensors;
    first = await runStudy(config, { registry, outDir: out('a') });
    expect(first.completed).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors); // every batch, body, map and model freed
    const t1 = first.summary!.tables.tableI!;
    expect(t1.methods).toEqual(['case/case', 'cam/grad-cam', 'example/hi-res-cam']);
    expect(t1.cells.filter((c) => c.method === 'example/hi-res-cam').map((c) => c.n)).toEqual([10, 10]);
    expect(first.summary!.tables.tableII!.columns).toEqual([{ model: 'vggish', layer: 'conv4' }]);
    expect(first.summary!.tables.tableIII!.reference).toBe('case/case');
    expect(first.summary!.tables.channels.map((c) => `${c.model}/${c.layer}`)).toEqual(['vggish/target_conv', 'vggish/conv4', 'resish/head_conv']);
    for (const f of ['summary.json', 'tables.md', 'results.csv', 'report.html', 'results.jsonl']) expect(existsSync(join(first.outDir, f))).toBe(true);
    // 2 models' primary layers × 10 images × (3 methods × 2 measures + channels) + vggish conv4 × 10 × (3 + 1)
    expect(first.summary!.results.rows).toBe(2 * 10 * 7 + 10 * 4);
    expect(read(first.outDir, 'tables.md') + read(first.outDir, 'report.html')).not.toMatch(/\bNaN\b/);
  });

  it('gives the same summary.json (apart from `run`) and report.html for the same seed', async () => {
    const registry = new PluginRegistry();
    registry.register(examplePlugin);
    const again = await runStudy(oracleStudy(data, { methods: ['case/case', 'cam/grad-cam', 'example/hi-res-cam'] }), { registry, outDir: out('b') });
    expect(settled(JSON.parse(read(again.outDir, 'summary.json')))).toEqual(settled(JSON.parse(read(first.outDir, 'summary.json'))));
    expect(read(again.outDir, 'report.html')).toBe(read(first.outDir, 'report.html'));
    expect(read(again.outDir, 'results.csv')).toBe(read(first.outDir, 'results.csv'));
  });

  it('resumes an interrupted run (torn last line) with exactly one row per key and the same summary', async () => {
    const registry = new PluginRegistry();
    registry.register(examplePlugin);
    const config = oracleStudy(data, { methods: ['case/case', 'cam/grad-cam', 'example/hi-res-cam'] });
    const controller = new AbortController();
    let batches = 0;
    const stopped = await runStudy(config, {
      registry, outDir: out('c'), signal: controller.signal,
      onEvent: (e: StudyEvent) => e.type === 'progress' && ++batches === 4 && controller.abort(),
    });
    expect(stopped.completed).toBe(false);
    expect(existsSync(join(stopped.outDir, 'summary.json'))).toBe(false);
    const partial = (await readRows(join(stopped.outDir, 'results.jsonl'))).length;
    expect(partial).toBeGreaterThan(0);
    appendFileSync(join(stopped.outDir, 'results.jsonl'), '{"model":"vggish","layer":"targ'); // killed mid-write
    const events: StudyEvent[] = [];
    const fresh = new PluginRegistry(); // a new process: nothing shared with the stopped run but the folder
    fresh.register(examplePlugin);
    const resumed = await runStudy(config, { registry: fresh, outDir: out('c'), resume: true, onEvent: (e) => events.push(e) });
    expect(resumed.completed).toBe(true);
    expect(events.find((e) => e.type === 'start')).toMatchObject({ resumed: true, rowsBefore: partial });
    expect(events.some((e) => e.type === 'progress' && e.skipped)).toBe(true);
    const rows = await readRows(join(resumed.outDir, 'results.jsonl'));
    const lines = read(resumed.outDir, 'results.jsonl').trimEnd().split('\n');
    expect(lines.length).toBe(rows.length); // no duplicate and no torn line left
    const keys = new Set(rows.map(rowKey));
    expect(keys).toEqual(new Set((await readRows(join(first.outDir, 'results.jsonl'))).map(rowKey)));
    expect(settled(resumed.summary)).toEqual(settled(first.summary));
    expect(read(resumed.outDir, 'report.html')).toBe(read(first.outDir, 'report.html'));
  });

  it('writes a report with every table and figure', () => {
    const html = read(first.outDir, 'report.html');
    const ids = ['table-1', 'table-2', 'table-3', 'table-channels', 'fig-agreement-vggish-0', 'fig-agreement-vggish-1', 'fig-agreement-resish-0', 'fig-channels-kde', 'fig-drop-bar', 'fig-drop-cdf', 'fig-grid-vggish', 'fig-grid-resish'];
    const manifest = JSON.parse(/<script type="application\/json" id="report-manifest">(.*?)<\/script>/s.exec(html)![1]!) as { tables: string[]; figures: string[] };
    expect([...manifest.tables, ...manifest.figures].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const at = html.indexOf(`id="${id}"`);
      expect(at, id).toBeGreaterThan(0);
      const body = html.slice(at, html.indexOf(id.startsWith('table') ? '</section>' : '</figure>', at));
      if (id.startsWith('table')) expect(body).toMatch(/<table class="stat">/);
      else if (id.startsWith('fig-grid')) expect(body.match(/<img[^>]+src="data:image\/png;base64,/g)?.length).toBe(1 + 3 * 3);
      else expect(body).toMatch(/<svg[^>]*class="marks"/);
    }
    expect(html).not.toMatch(/(src|href)="(https?:|\/\/)/); // self-contained
  });
});
