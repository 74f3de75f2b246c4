import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineDatasetSource, defineMetric, definePluginPackage, PluginRegistry, type DatasetSource } from '@saliency/core';
import { selectBackend } from '@saliency/adapters';
import { runStudy } from '../src/index.js';
import { imageFolder } from '../src/data/image-folder.js';
import { makeImageFolder } from './helpers/fixtures.js';
import { oracleStudy } from './helpers/study.js';

const root = mkdtempSync(join(tmpdir(), 'study-gt-'));
const data = join(root, 'data');

// A dataset whose images carry a mask (the left half), and a ground-truth metric reading it: the share of the
// map's mass inside the mask, with the contrast class recorded as a column.
const masked = defineDatasetSource<{ path?: string }>({
  id: 'masked-folder',
  description: 'image folder with a left-half mask',
  optionsSchema: { type: 'object', additionalProperties: false, properties: { path: { type: 'string' } } },
  defaultOptions: {},
  async create({ path }, deps): Promise<DatasetSource> {
    const inner = await imageFolder.create({ path, preprocessing: null }, deps);
    const left = Uint8Array.from({ length: 32 * 32 }, (_, i) => (i % 32 < 16 ? 1 : 0));
    return { meta: inner.meta, async *samples(o) { for await (const s of inner.samples(o)) yield { ...s, masks: { left } }; } };
  },
});
const massInside = defineMetric<Record<string, never>>({
  id: 'mass-inside',
  description: 'share of map mass inside the "left" mask',
  scoreDirection: 'higher',
  category: 'localisation',
  inputs: ['maps', 'masks', 'contrasts'],
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  create: () => ({
    id: 'test/mass-inside',
    async evaluate({ maps, masks, contrasts }) {
      const d = await maps!.data();
      const n = 32 * 32;
      const scores = Float64Array.from(masks!, (m, i) => {
        let inside = 0;
        let all = 0;
        for (let p = 0; p < n; p++) (all += d[i * n + p]!), (inside += m.left![p]! * d[i * n + p]!);
        return inside / all;
      });
      return { scores, columns: { contrast: Float64Array.from(contrasts!, (c) => c[0]!) } };
    },
  }),
});
const testPlugins = definePluginPackage({ meta: { name: 'test-plugins', version: '0.0.0', namespace: 'test', apiVersion: 1 }, plugins: [masked, massInside] });

beforeAll(async () => {
  await selectBackend('wasm');
  await makeImageFolder(data, 60);
});

describe('the ground-truth measure', () => {
  it('runs when the images carry masks, with the selector\'s contrasts, and gets its table and figure', async () => {
    const registry = new PluginRegistry();
    registry.register(testPlugins);
    const config = oracleStudy(data, { dataset: { source: ['test/masked-folder', { path: data }] }, metrics: { groundTruth: { metric: 'test/mass-inside' } }, sampling: { images: 6, calibration: 20, batchSize: 3 } });
    const r = await runStudy(config, { registry, outDir: join(root, 'out') });
    const g = r.summary!.tables.groundTruth!;
    expect(g).toMatchObject({ metric: 'test/mass-inside', direction: 'higher', reference: 'case/case' });
    expect(g.cells.map((c) => c.n)).toEqual([6, 6, 6, 6, 6, 6]);
    expect(g.cells.every((c) => c.mean !== null && c.mean > 0 && c.mean < 1)).toBe(true);
    expect(g.cells.find((c) => c.method === 'cam/grad-cam')!.vsReference).toMatchObject({ n: 6 });
    const html = readFileSync(join(r.outDir, 'report.html'), 'utf8');
    expect(html).toContain('id="table-ground-truth"');
    expect(html).toMatch(/id="fig-ground-truth"><svg/);
  });
});
