import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry, isSaliencyError, minMaxScale, type ModelAdapter, type ModelSplit, type SaliencyMethod } from '@saliency/core';
import { describeSaliencyMethod, testDeps, type MethodFixture } from '@saliency/core/testing';
import { plugin as camPlugin } from '@saliency/methods-cam';
import { caseMethod } from '../src/case.js';
import { plugin } from '../src/plugin.js';
import {
  BACKENDS, MODELS, f32, finalTolerance, imageTensor, loadFixtureModel, matrixRows, maxAbsDiff, readCases, readInputs, relToMax, useBackend,
} from './helpers/oracle.js';
import { toySplit, type ToySpec } from '@saliency/core/testing';

function registry(): PluginRegistry {
  const r = new PluginRegistry();
  r.register(plugin);
  r.register(camPlugin);
  return r;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

let conformance: Promise<MethodFixture> | undefined;
/** vggish, all 4 images, top-1 targets and 2 contrasts each from the fixture's confusion matrix (default order). */
const fixture = (): Promise<MethodFixture> =>
  (conformance ??= (async () => {
    await useBackend('cpu');
    const adapter = await loadFixtureModel('vggish');
    const cj = await readCases('vggish');
    const inputs = await readInputs();
    const input = tf.tensor4d(inputs.data, inputs.shape);
    const targets = inputs.imageIndices.map((i) => cj.images.find((im) => im.image_index === i)!.top1);
    const rows = matrixRows(cj);
    const contrasts = targets.map((t) => rows[t]!.map((v, j) => [v, j] as const).filter(([, j]) => j !== t).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 2).map(([, j]) => j));
    return { adapter, split: adapter.split(cj.target_layer), input, targets, contrasts };
  })());

describeSaliencyMethod(caseMethod, {
  fixture,
  options: { contrastK: 2 },
  badOptions: [{ gradient: 'full' }, { epsilon: -1 }, { contrastK: 0 }, { contrastK: 1.5 }],
});
describeSaliencyMethod(caseMethod, { fixture, options: { contrastK: 2, gradient: 'spatial' } });

describe('case/case behaviour', () => {
  beforeAll(() => useBackend('cpu'));

  it('runs one body pass and one batched classGradients call for the target and every contrast', async () => {
    const fx = await fixture();
    const calls = { body: 0, head: 0, classGradients: [] as (readonly (readonly number[])[])[] };
    const spy: ModelSplit = {
      ...fx.split,
      body: (x) => (calls.body++, fx.split.body(x)),
      head: (a, c) => (calls.head++, fx.split.head(a, c)),
      classGradients: (b, classes) => (calls.classGradients.push(classes), fx.split.classGradients(b, classes)),
    };
    const m = await registry().create('saliency-method', ['case/case', { contrastK: 2 }], testDeps(fx.adapter));
    const ex = await m.explain({ split: spy, input: fx.input, targets: fx.targets, contrasts: fx.contrasts });
    expect(calls.body).toBe(1);
    expect(calls.head).toBe(0);
    expect(calls.classGradients).toEqual([fx.targets.map((t, i) => [t, ...fx.contrasts![i]!])]);
    ex.maps.dispose();
  });

  it('explains a batch exactly as image by image (each image with its own contrasts)', async () => {
    const fx = await fixture();
    const m = await registry().create('saliency-method', ['case/case', { contrastK: 2 }], testDeps(fx.adapter));
    const all = await m.explain({ split: fx.split, input: fx.input, targets: fx.targets, contrasts: fx.contrasts, intermediates: true });
    const maps = await all.maps.data();
    for (let b = 0; b < fx.targets.length; b++) {
      const one = tf.slice(fx.input, [b, 0, 0, 0], [1, -1, -1, -1]);
      const ex = await m.explain({ split: fx.split, input: one, targets: [fx.targets[b]!], contrasts: [fx.contrasts![b]!], intermediates: true });
      expect(maxAbsDiff(await ex.maps.data(), maps.slice(b * 1024, (b + 1) * 1024))).toBeLessThan(1e-6);
      expect(ex.extras!.projCoef![0]).toBeCloseTo(all.extras!.projCoef![b]!, 6);
      tf.dispose([one, ex.maps, ex.raw!, ex.weights!]);
    }
    tf.dispose([all.maps, all.raw!, all.weights!]);
  });

  it('rejects contrastK larger than numClasses − 1, and contrast lists that do not match it, with SALIENCY_INVALID_TARGET', async () => {
    const fx = await fixture();
    const one = tf.slice(fx.input, [0, 0, 0, 0], [1, -1, -1, -1]);
    const make = (contrastK: number): Promise<SaliencyMethod> => registry().create('saliency-method', ['case/case', { contrastK }], testDeps(fx.adapter));
    const tooMany = await rejection((await make(10)).explain({ split: fx.split, input: one, targets: [0], contrasts: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 0]] }));
    expect(isSaliencyError(tooMany, 'SALIENCY_INVALID_TARGET')).toBe(true);
    expect((tooMany as Error).message).toMatch(/contrastK 10 is larger than the number of other classes \(9\)/);
    for (const [k, contrasts] of [
      [2, [[1]]],
      [1, [[1, 2]]],
      [1, [[10]]],
      [1, [[-1]]],
      [1, [[1], [2]]],
    ] as const) {
      const err = await rejection((await make(k)).explain({ split: fx.split, input: one, targets: [0], contrasts: contrasts as unknown as number[][] }));
      expect(isSaliencyError(err, 'SALIENCY_INVALID_TARGET'), JSON.stringify(contrasts)).toBe(true);
    }
    const missing = await rejection((await make(1)).explain({ split: fx.split, input: one, targets: [0] }));
    expect(isSaliencyError(missing, 'SALIENCY_INVALID_TARGET')).toBe(true);
    expect((await make(1)).needsContrasts).toBe(true);
    one.dispose();
  });

  it('rejects NaN input with SALIENCY_INVALID_INPUT', async () => {
    const fx = await fixture();
    const bad = tf.tidy(() => tf.div(tf.slice(fx.input, [0, 0, 0, 0], [1, -1, -1, -1]), 0)) as tf.Tensor4D; // 0/0 = NaN
    const m = await registry().create('saliency-method', 'case/case', testDeps(fx.adapter));
    const err = await rejection(m.explain({ split: fx.split, input: bad, targets: [0], contrasts: [[1]] }));
    expect(isSaliencyError(err, 'SALIENCY_INVALID_INPUT')).toBe(true);
    bad.dispose();
  });

  describe('with ᾱ = 0 (a contrast class whose logit ignores the activation)', () => {
    // Class 2's weights are all zero, so its gradient is 0: d = 0, n = ε, α⊥ = α_u (ALGORITHMS.md §2.5).
    const spec: ToySpec = { scale: [1, -1, 2], offset: [0, 0.5, -0.5], W: [[1, 0.2, 0], [-0.5, 1, 0], [0.8, -0.3, 0]], bias: [0, 0, 0.3] };
    const [H, W] = [4, 4];
    // Peak at an interior pixel (row 1, col 1): bilinear upsampling then pulls the maximum below 1.
    const x = Array.from({ length: 16 }, (_, p) => (p === 5 ? 1 : p === 6 ? 0.7 : ((p * 5) % 16) / 30));
    for (const gradient of ['pooled', 'spatial'] as const) {
      it(`${gradient}: CASE equals Grad-CAM up to the single vs double min-max`, async () => {
        const input = tf.tensor4d(x, [1, H, W, 1]);
        const r = registry();
        const c = await (await r.create('saliency-method', ['case/case', { gradient }], testDeps())).explain({ split: toySplit(spec, [H, W]), input, targets: [0], contrasts: [[2]], outputSize: [10, 10], intermediates: true });
        const g = await (await r.create('saliency-method', 'cam/grad-cam', testDeps())).explain({ split: toySplit(spec, [H, W]), input, targets: [0], outputSize: [10, 10], intermediates: true });
        expect(c.extras!.dot).toEqual([0]);
        expect(c.extras!.projCoef).toEqual([0]);
        expect(Array.from(await c.weights!.data())).toEqual(Array.from(await g.weights!.data()).map((v) => expect.closeTo(v, 9)));
        expect(maxAbsDiff(await c.raw!.data(), await g.raw!.data())).toBeLessThan(1e-7);
        const caseMaps = await c.maps.data();
        const gradMaps = await g.maps.data();
        expect(Math.max(...caseMaps)).toBeLessThan(0.999); // one min-max only: bilinear pulls the peak below 1
        const rescaled = minMaxScale(c.maps);
        expect(maxAbsDiff(await rescaled.data(), gradMaps)).toBeLessThan(1e-6);
        expect(maxAbsDiff(caseMaps, gradMaps)).toBeGreaterThan(1e-3);
        tf.dispose([input, rescaled, c.maps, c.raw!, c.weights!, g.maps, g.raw!, g.weights!]);
      });
    }
  });
});

for (const backend of BACKENDS) {
  describe(`oracle fixtures: case_k1..3 and case_spatial_k1..3 on ${backend}`, () => {
    const adapters = new Map<string, ModelAdapter>();
    beforeAll(async () => {
      await useBackend(backend);
      for (const m of MODELS) adapters.set(m, await loadFixtureModel(m));
    });
    afterAll(() => adapters.forEach((a) => a.dispose()));
    for (const model of MODELS) {
      it(`${model}: contrast classes identical (numpy order) and maps, raw maps, weights, projection within tolerance`, async () => {
        const cj = await readCases(model);
        const adapter = adapters.get(model)!;
        const r = registry();
        const selector = await r.create('contrast-selector', ['case/confusion-matrix', { matrix: matrixRows(cj), order: 'numpy' }], testDeps(adapter));
        const cases = cj.cases.filter((c) => /^case_(spatial_)?k\d$/.test(c.method));
        expect(cases.length).toBe(72);
        const failures: string[] = [];
        const max: Record<string, number[]> = {};
        for (const c of cases) {
          const [, spatial, k] = /^case_(spatial_)?k(\d)$/.exec(c.method)!;
          const input = await imageTensor(c.image_index);
          const logits = adapter.predict(input);
          const contrasts = await selector.select({ targets: [c.target_class], logits, k: Number(k) });
          const where = `${c.method} image ${c.image_index} ${c.target_kind}`;
          if (JSON.stringify(contrasts[0]) !== JSON.stringify(c.contrast_classes)) failures.push(`${where}: contrasts ${contrasts[0]} vs ${c.contrast_classes}`);
          const m = await r.create('saliency-method', ['case/case', { contrastK: Number(k), gradient: spatial ? 'spatial' : 'pooled' }], testDeps(adapter));
          const ex = await m.explain({ split: adapter.split(cj.target_layer), input, targets: [c.target_class], contrasts: [c.contrast_classes], intermediates: true });
          const d = [
            maxAbsDiff(await ex.maps.data(), f32(c.final)),
            relToMax(await ex.raw!.data(), f32(c.cam_lowres_raw)),
            relToMax(await ex.weights!.data(), f32(c.weights)),
            Math.abs(ex.extras!.projCoef![0]! - c.proj_coef) / Math.abs(c.proj_coef),
            Math.abs(ex.extras!.dot![0]! - c.dot) / Math.abs(c.dot),
            Math.abs(ex.extras!.normSq![0]! - c.norm_sq) / c.norm_sq,
          ];
          if (!(d[0]! <= finalTolerance(c))) failures.push(`${where}: final ${d[0]}`);
          if ((await ex.maps.data()).every((v) => v === 0) !== c.final_all_zero) failures.push(`${where}: all-zero mismatch`);
          d.slice(1).forEach((v, i) => {
            if (!(v <= 1e-4)) failures.push(`${where}: ${['raw', 'weights', 'projCoef', 'dot', 'normSq'][i]} ${v}`);
          });
          max[c.method] = (max[c.method] ?? d.map(() => 0)).map((v, i) => Math.max(v, d[i]!));
          tf.dispose([input, logits, ex.maps, ex.raw!, ex.weights!]);
        }
        for (const [meth, v] of Object.entries(max)) {
          console.log(`[oracle] ${backend} ${model} ${meth}: max|Δfinal| ${v[0]!.toExponential(2)}, raw ${v[1]!.toExponential(2)}, weights ${v[2]!.toExponential(2)}, projCoef ${v[3]!.toExponential(2)} (rel.)`);
        }
        expect(failures).toEqual([]);
      });
    }
  });
}
