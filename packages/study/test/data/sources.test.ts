import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { createLogger, createRng, type DatasetSample } from '@saliency/core';
import { createStudyRegistry } from '../../src/registry.js';
import { planIndices } from '../../src/data/sampling.js';
import { resolvePreprocessing } from '../../src/data/preprocess.js';

const registry = createStudyRegistry();
const deps = { rng: createRng(0), logger: createLogger('silent') };
const all = async (source: { samples(o?: { indices?: readonly number[] }): AsyncIterable<DatasetSample> }, indices?: number[]) => {
  const out: DatasetSample[] = [];
  for await (const s of source.samples(indices ? { indices } : {})) out.push(s);
  return out;
};

describe('datasets/cifar-100', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cifar-'));
  // Three records: coarse label, fine label, then 1024 R, 1024 G, 1024 B bytes.
  const records = [[3, 42, 10], [19, 99, 200], [0, 7, 255]].map(([coarse, fine, v]) => {
    const r = new Uint8Array(3074);
    r[0] = coarse!;
    r[1] = fine!;
    r.fill(v!, 2, 2 + 1024);
    r.fill(1, 2 + 1024, 2 + 2048);
    r.fill(2, 2 + 2048);
    return r;
  });
  writeFileSync(join(dir, 'test.bin'), Buffer.concat(records));
  writeFileSync(join(dir, 'fine_label_names.txt'), Array.from({ length: 100 }, (_, i) => `class${i}`).join('\n'));

  it('reads fine and coarse labels and turns CHW planes into HWC pixels', async () => {
    const fine = await registry.create('dataset-source', ['datasets/cifar-100', { path: dir }], deps);
    expect(fine.meta).toMatchObject({ size: 3, numClasses: 100 });
    expect(fine.meta.classNames?.[42]).toBe('class42');
    const [a, b] = await all(fine, [0, 1]);
    expect([a!.id, a!.label, b!.label]).toEqual(['test:0', 42, 99]);
    expect(a!.shape).toEqual([32, 32, 3]);
    expect(Array.from(a!.image.subarray(0, 3))).toEqual([10 / 255, 1 / 255, 2 / 255].map(Math.fround));
    const coarse = await registry.create('dataset-source', ['datasets/cifar-100', { path: join(dir, 'test.bin'), labels: 'coarse' }], deps);
    expect(coarse.meta.numClasses).toBe(20);
    expect((await all(coarse)).map((s) => s.label)).toEqual([3, 19, 0]);
  });

  it('applies a preprocessing (the cifar100 preset resizes to 224 and normalises)', async () => {
    const p = resolvePreprocessing('cifar100', [224, 224]);
    const src = await registry.create('dataset-source', ['datasets/cifar-100', { path: dir, preprocessing: p }], deps);
    const [s] = await all(src, [2]);
    expect(s!.shape).toEqual([224, 224, 3]);
    expect(s!.image[0]).toBeCloseTo((1 - 0.509) / 0.202, 5);
  });

  it('rejects a file that is not whole records, naming it', async () => {
    writeFileSync(join(dir, 'bad.bin'), new Uint8Array(3075));
    await expect(registry.create('dataset-source', ['datasets/cifar-100', { path: join(dir, 'bad.bin') }], deps)).rejects.toThrow(/bad\.bin has 3075 bytes, not a whole number of 3074-byte CIFAR-100 records/);
  });
});

describe('datasets/image-folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'folder-'));
  const png = (file: string, v: number) => {
    const p = new PNG({ width: 4, height: 4 });
    p.data.fill(v);
    for (let i = 3; i < 64; i += 4) p.data[i] = 255;
    writeFileSync(file, PNG.sync.write(p));
  };
  for (const [cls, files] of [['cat', ['b.png', 'a.png']], ['ant', ['z.png']]] as const) {
    mkdirSync(join(dir, cls), { recursive: true });
    files.forEach((f, i) => png(join(dir, cls, f), 10 * (i + 1)));
  }

  it('labels by sorted subfolder, files sorted within each', async () => {
    const src = await registry.create('dataset-source', ['datasets/image-folder', { path: dir }], deps);
    expect(src.meta).toMatchObject({ size: 3, numClasses: 2, classNames: ['ant', 'cat'] });
    expect((await all(src)).map((s) => [s.id, s.label])).toEqual([['ant/z.png', 0], ['cat/a.png', 1], ['cat/b.png', 1]]);
  });

  it('labels from a CSV (class names or indices)', async () => {
    writeFileSync(join(dir, 'labels.csv'), 'file,label\ncat/a.png,tabby\nant/z.png,formica\n');
    const src = await registry.create('dataset-source', ['datasets/image-folder', { path: dir, labels: 'labels.csv' }], deps);
    expect(src.meta.classNames).toEqual(['formica', 'tabby']);
    expect((await all(src)).map((s) => [s.id, s.label])).toEqual([['cat/a.png', 1], ['ant/z.png', 0]]);
  });

  it('errors name the option and the folder', async () => {
    await expect(registry.create('dataset-source', ['datasets/image-folder', {}], deps)).rejects.toThrow('Plugin "datasets/image-folder": options/path is required (the image folder)');
    await expect(registry.create('dataset-source', ['datasets/image-folder', { path: dir, labels: 'nope.csv' }], deps)).rejects.toThrow(`options/labels: no such file: ${join(dir, 'nope.csv')}`);
  });
});

describe('planIndices', () => {
  it('is a seeded permutation: calibration and pool are disjoint and cover the dataset', () => {
    const a = planIndices(100, 20, 42);
    expect(a).toEqual(planIndices(100, 20, 42));
    expect(a.calibration).toHaveLength(20);
    expect(new Set([...a.calibration, ...a.pool]).size).toBe(100);
    expect(planIndices(100, 20, 43).pool).not.toEqual(a.pool);
  });
});
