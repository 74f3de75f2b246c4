import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '@saliency/core';
import { testDeps } from '@saliency/core/testing';
import {
  PARTS_CLASSES,
  classMaskName,
  createSyntheticPartsSource,
  labelOf,
  partByName,
  partMaskName,
  renderPartsBatch,
  renderPartsSample,
  sharedParts,
  sharedRegionMask,
  syntheticParts,
  uniqueParts,
  uniqueRegionMask,
  type PartsSample,
} from '../../src/index.js';

const SIZE = 32;
const N = SIZE * SIZE;
const count = (m: Uint8Array): number => m.reduce((s, x) => s + x, 0);

describe('synthetic parts: rendering', () => {
  it('is deterministic in (seed, split, index) and differs across seeds, splits and indices', () => {
    const a = renderPartsSample(3, 'train', 17);
    const b = renderPartsSample(3, 'train', 17);
    expect(b.image).toEqual(a.image);
    expect(b.masks).toEqual(a.masks);
    expect(b.label).toBe(a.label);
    for (const other of [renderPartsSample(4, 'train', 17), renderPartsSample(3, 'test', 17), renderPartsSample(3, 'train', 18)]) {
      expect(other.image).not.toEqual(a.image);
    }
    expect(a.id).toBe('train-3-17');
    expect(a.shape).toEqual([SIZE, SIZE, 3]);
    expect(a.image.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('labels: every block of 8 consecutive indices holds each class once', () => {
    for (let block = 0; block < 5; block++) {
      const labels = Array.from({ length: 8 }, (_, i) => labelOf(9, 'test', block * 8 + i));
      expect([...labels].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    }
    const batch = renderPartsBatch(9, 'test', 0, 16);
    expect(Array.from(batch.labels)).toEqual(Array.from({ length: 16 }, (_, i) => labelOf(9, 'test', i)));
    expect(batch.images.subarray(N * 3 * 5, N * 3 * 6)).toEqual(renderPartsSample(9, 'test', 5, SIZE, false).image);
  });

  it('masks: one non-empty part mask per part of the label, disjoint, painted in the part colour; class masks are unions', () => {
    for (let i = 0; i < 16; i++) {
      const s = renderPartsSample(1, 'masks', i) as PartsSample;
      const cls = PARTS_CLASSES[s.label]!;
      const partMasks = Object.keys(s.masks!).filter((k) => k.startsWith('part:')).sort();
      expect(partMasks).toEqual(cls.parts.map(partMaskName).sort());
      const [m1, m2] = cls.parts.map((p) => s.masks![partMaskName(p)]!);
      expect(count(m1!)).toBeGreaterThan(15);
      expect(count(m2!)).toBeGreaterThan(15);
      expect(m1!.some((x, j) => x && m2![j])).toBe(false);
      for (const p of cls.parts) {
        // Solid parts: the mean colour over the mask's interior is close to the part's base colour.
        const part = partByName(p);
        if (part.shape.pattern || p === 'red-ring') continue;
        const m = s.masks![partMaskName(p)]!;
        const mean = [0, 0, 0];
        let n = 0;
        m.forEach((x, j) => {
          if (!x) return;
          n++;
          for (let c = 0; c < 3; c++) mean[c] += s.image[j * 3 + c]!;
        });
        for (let c = 0; c < 3; c++) expect(Math.abs(mean[c]! / n - part.colour[c]!)).toBeLessThan(0.2);
      }
      for (const c of PARTS_CLASSES) {
        const m = s.masks![classMaskName(c.index)]!;
        const expected = new Uint8Array(N);
        for (const p of c.parts) s.masks![partMaskName(p)]?.forEach((x, j) => (expected[j] |= x));
        expect(m).toEqual(expected);
      }
    }
  });

  it('unique and shared regions of (label, designed confuser) are the differing and the shared part', () => {
    for (let i = 0; i < 16; i++) {
      const s = renderPartsSample(2, 'regions', i);
      const u = s.label;
      const v = PARTS_CLASSES[u]!.confuser;
      const unique = uniqueRegionMask(s.masks!, u, v);
      const shared = sharedRegionMask(s.masks!, u, v);
      expect(unique).toEqual(s.masks![partMaskName(uniqueParts(u, v)[0]!)]);
      expect(shared).toEqual(s.masks![partMaskName(sharedParts(u, v)[0]!)]);
      // Against a class sharing nothing, everything of u is unique.
      const far = (u + 2) % 8;
      expect(count(sharedRegionMask(s.masks!, u, far))).toBe(sharedParts(u, far).length ? count(shared) : 0);
    }
  });
});

describe('synthetic parts: DatasetSource', () => {
  it('yields `size` labelled samples with masks from `offset`, and `indices` restricts them', async () => {
    const src = createSyntheticPartsSource({ seed: 5, split: 'test', size: 6, offset: 10 });
    expect(src.meta).toMatchObject({ id: 'synthetic-parts/test', size: 6, numClasses: 8 });
    expect(src.meta.classNames).toHaveLength(8);
    const all: PartsSample[] = [];
    for await (const s of src.samples()) all.push(s as PartsSample);
    expect(all.map((s) => s.id)).toEqual([10, 11, 12, 13, 14, 15].map((i) => `test-5-${i}`));
    expect(all[2]!.image).toEqual(renderPartsSample(5, 'test', 12).image);
    const some: string[] = [];
    for await (const s of src.samples({ indices: [4, 1] })) some.push(s.id);
    expect(some).toEqual(['test-5-14', 'test-5-11']);
    await expect(async () => {
      for await (const _ of src.samples({ indices: [6] })) void _;
    }).rejects.toThrow(/out of range/);
    expect(() => createSyntheticPartsSource({ imageSize: 30 })).toThrow(/imageSize/);
  });

  it('the manifest validates its options and creates the source', async () => {
    const registry = new PluginRegistry();
    registry.register({ meta: { name: '@saliency/zoo', version: '0.1.0', namespace: 'zoo', apiVersion: 1 }, plugins: [syntheticParts] });
    const src = await registry.create('dataset-source', ['zoo/synthetic-parts', { size: 3, split: 'x' }], testDeps());
    expect(src.meta.size).toBe(3);
    expect(() => registry.optionsFor('dataset-source', ['zoo/synthetic-parts', { imageSize: 33 }])).toThrow(/imageSize/);
  });

  it('renders a 48-pixel variant with parts scaled accordingly', () => {
    const s = renderPartsSample(1, 'big', 0, 48);
    expect(s.image.length).toBe(48 * 48 * 3);
    expect(count(s.masks![classMaskName(s.label)]!)).toBeGreaterThan(2 * 30);
  });
});
