import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry, isSaliencyError, type Progress, type SaliencyMethod } from '@saliency/core';
import { countLeaks, testDeps } from '@saliency/core/testing';
import { defineCamMethod } from '../src/cam-pipeline.js';
import { plugin } from '../src/plugin.js';
import { toySplit, type ToySpec } from '@saliency/core/testing';
import { referenceScale } from './helpers/reference-scale.js';

const spec: ToySpec = {
  scale: [1, -0.5, 2],
  offset: [0, 0.25, -0.5],
  W: [
    [0.5, -1, 0.2],
    [1, 0.3, -0.4],
    [-0.2, 0.6, 0.9],
  ],
  bias: [0.1, 0, -0.1],
};
const H = 4;
const W = 5;
// A ramp image: x[i, j] = (i * W + j) / (H * W).
const ramp = Array.from({ length: H * W }, (_, p) => p / (H * W));
// One bright interior pixel.
const bump = Array.from({ length: H * W }, (_, p) => (p === 1 * W + 2 ? 1 : 0));

async function method(id: string, options: Record<string, unknown> = {}): Promise<SaliencyMethod> {
  const registry = new PluginRegistry();
  registry.register(plugin);
  return registry.create('saliency-method', [id, options], testDeps());
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('cam pipeline (toy split with closed-form gradients)', () => {
  it('Grad-CAM on the toy split equals the §1.3 reference computed in plain JS (double min-max, cv2 resize)', async () => {
    const split = toySplit(spec, [H, W]);
    const input = tf.tensor4d(ramp, [1, H, W, 1]);
    const t = 2; // raw = 2.2·x − 0.55: negative on the top rows, positive below
    const ex = await (await method('cam/grad-cam')).explain({ split, input, targets: [t], outputSize: [9, 7], intermediates: true });
    // weights = W[k][t] / (h·w); raw = Σ_k w_k (x·scale_k + offset_k).
    const wts = spec.W.map((row) => row[t]! / (H * W));
    const raw = Array.from({ length: H }, (_, i) =>
      Array.from({ length: W }, (_, j) => wts.reduce((s, wk, k) => s + wk * (ramp[i * W + j]! * spec.scale[k]! + spec.offset[k]!), 0)),
    );
    expect(Array.from(await ex.weights!.data())).toEqual(wts.map((v) => expect.closeTo(v, 7)));
    const gotRaw = await ex.raw!.array();
    gotRaw[0]!.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(raw[i]![j]!, 6)));
    const want = referenceScale(raw, 9, 7, true);
    expect(ex.maps.shape).toEqual([1, 9, 7]);
    const got = (await ex.maps.array())[0]!;
    got.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThan(2e-6)));
    // The second min-max makes the maximum reach 1 (up to the 1e-7 epsilon).
    expect(Math.max(...got.flat())).toBeCloseTo(1, 5);
    tf.dispose([input, ex.maps, ex.raw!, ex.weights!]);
  });

  it("normalization 'single' skips the second min-max", async () => {
    const single = defineCamMethod({
      id: 'single-test',
      description: 'test',
      optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
      defaultOptions: {},
      needsGradients: true,
      normalization: 'single',
      channelWeights: ({ grads }) => tf.mean(grads!, [1, 2]) as tf.Tensor2D,
    });
    const split = toySplit(spec, [H, W]);
    const input = tf.tensor4d(bump, [1, H, W, 1]);
    const ex = await (single.create({}, testDeps()) as SaliencyMethod).explain({ split, input, targets: [2], outputSize: [9, 7], intermediates: true });
    const raw = (await ex.raw!.array())[0]!;
    const want = referenceScale(raw, 9, 7, false);
    const got = (await ex.maps.array())[0]!;
    got.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThan(2e-6)));
    expect(Math.max(...got.flat())).toBeLessThan(0.999); // bilinear pulls the interior maximum down
    tf.dispose([input, ex.maps, ex.raw!, ex.weights!]);
  });

  it('an all-zero activation gives all-zero maps (0 / (1e-7 + 0))', async () => {
    const zero: ToySpec = { ...spec, scale: [0, 0, 0], offset: [0, 0, 0] };
    for (const id of ['cam/grad-cam', 'cam/grad-cam-plus-plus', 'cam/layer-cam', 'cam/score-cam', 'cam/ablation-cam']) {
      const split = toySplit(zero, [H, W]);
      const input = tf.tensor4d(ramp, [1, H, W, 1]);
      const ex = await (await method(id)).explain({ split, input, targets: [0], intermediates: true });
      const maps = await ex.maps.data();
      expect(maps.every((v) => v === 0), id).toBe(true);
      expect((await ex.raw!.data()).every((v) => v === 0), id).toBe(true);
      tf.dispose([input, ex.maps, ex.raw!]);
      ex.weights?.dispose();
    }
  });

  it('a constant positive raw map becomes all zeros', async () => {
    const constant: ToySpec = { ...spec, scale: [0, 0, 0], offset: [1, 2, 3] };
    const split = toySplit(constant, [H, W]);
    const input = tf.tensor4d(ramp, [1, H, W, 1]);
    const ex = await (await method('cam/grad-cam')).explain({ split, input, targets: [2], intermediates: true });
    // raw = Σ_k W[k][2]/(hw) · offset_k > 0 everywhere
    expect((await ex.raw!.data())[0]).toBeGreaterThan(0);
    expect((await ex.maps.data()).every((v) => v === 0)).toBe(true);
    tf.dispose([input, ex.maps, ex.raw!, ex.weights!]);
  });

  it('rejects NaN or Infinity in the input with SALIENCY_INVALID_INPUT, before running the model', async () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const split = toySplit(spec, [H, W]);
      const data = ramp.slice();
      data[7] = bad;
      const input = tf.tensor4d(data, [1, H, W, 1]);
      const err = await rejection((await method('cam/grad-cam')).explain({ split, input, targets: [0] }));
      expect(isSaliencyError(err, 'SALIENCY_INVALID_INPUT')).toBe(true);
      expect((err as Error).message).toMatch(/NaN or Infinity/);
      expect(split.calls.body).toBe(0);
      input.dispose();
    }
  });

  it('rejects targets out of range, non-integer or of the wrong count with SALIENCY_INVALID_TARGET', async () => {
    const split = toySplit(spec, [H, W]);
    const input = tf.tensor4d(ramp, [1, H, W, 1]);
    const m = await method('cam/grad-cam');
    for (const targets of [[3], [-1], [0.5], [0, 1]]) {
      const before = tf.memory().numTensors;
      const err = await rejection(m.explain({ split, input, targets }));
      expect(isSaliencyError(err, 'SALIENCY_INVALID_TARGET'), JSON.stringify(targets)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(String((await rejection(m.explain({ split, input, targets: [3] }))) as Error)).toMatch(/target class 3 for image 0 is out of range \[0, 3\)/);
    input.dispose();
  });

  it('uses request.body without disposing it, and gives the same maps as computing it', async () => {
    const split = toySplit(spec, [H, W]);
    const input = tf.tensor4d(ramp, [1, H, W, 1]);
    const m = await method('cam/grad-cam-plus-plus');
    const body = split.body(input);
    const a = await m.explain({ split, input, body, targets: [0] });
    expect(body.activation.isDisposed).toBe(false);
    expect(split.calls.body).toBe(1); // only ours: the class-count probe runs the head on the given body
    const b = await m.explain({ split, input, targets: [0] });
    expect(Array.from(await a.maps.data())).toEqual(Array.from(await b.maps.data()));
    tf.dispose([input, a.maps, b.maps, body.activation]);
  });

  it('aborts with SALIENCY_ABORTED: before starting, and between Score-CAM chunks, leaking nothing', async () => {
    const split = toySplit(spec, [H, W]);
    const input = tf.tensor4d(ramp, [1, H, W, 1]);
    const done = new AbortController();
    done.abort();
    const early = await rejection((await method('cam/grad-cam')).explain({ split, input, targets: [0], signal: done.signal }));
    expect(isSaliencyError(early, 'SALIENCY_ABORTED')).toBe(true);

    const m = await method('cam/score-cam', { batchSize: 1 });
    const ctrl = new AbortController();
    const seen: Progress[] = [];
    const leaked = await countLeaks(async () => {
      const err = await rejection(
        m.explain({
          split, input, targets: [0], signal: ctrl.signal,
          onProgress: (p) => {
            seen.push(p);
            if (p.stage.startsWith('score-cam') && p.done === 1) ctrl.abort();
          },
        }),
      );
      expect(isSaliencyError(err, 'SALIENCY_ABORTED')).toBe(true);
    });
    expect(leaked).toBe(0);
    // Stopped after the first of three masked chunks.
    expect(seen.filter((p) => p.stage.startsWith('score-cam')).map((p) => p.done)).toEqual([1]);
    input.dispose();
  });

  it('notices an abort that arrives asynchronously (from another task) between Ablation-CAM batches', async () => {
    const split = toySplit(spec, [H, W]);
    const input = tf.tensor4d(ramp, [1, H, W, 1]);
    const m = await method('cam/ablation-cam', { batchSize: 1 });
    const ctrl = new AbortController();
    const seen: number[] = [];
    const leaked = await countLeaks(async () => {
      const err = await rejection(
        m.explain({
          split, input, targets: [1], signal: ctrl.signal,
          onProgress: (p) => {
            if (!p.stage.startsWith('ablation-cam')) return;
            seen.push(p.done);
            if (p.done === 2) setImmediate(() => ctrl.abort());
          },
        }),
      );
      expect(isSaliencyError(err, 'SALIENCY_ABORTED')).toBe(true);
    });
    expect(leaked).toBe(0);
    expect(seen).toEqual([1, 2]);
    input.dispose();
  });

  it('reports progress: body, gradients, per-chunk method stages, maps', async () => {
    const split = toySplit(spec, [H, W]);
    const input = tf.tensor4d([...ramp, ...ramp.map((v) => 1 - v)], [2, H, W, 1]);
    const events: Progress[] = [];
    const ex = await (await method('cam/ablation-cam', { batchSize: 2 })).explain({ split, input, targets: [0, 1], onProgress: (p) => events.push(p) });
    expect(events.map((e) => `${e.stage}:${e.done}/${e.total}`)).toEqual([
      'body:1/1',
      'ablation-cam: ablated head passes:2/6',
      'ablation-cam: ablated head passes:3/6',
      'ablation-cam: ablated head passes:5/6',
      'ablation-cam: ablated head passes:6/6',
      'maps:1/1',
    ]);
    const g: Progress[] = [];
    const ex2 = await (await method('cam/grad-cam')).explain({ split, input, targets: [0, 1], onProgress: (p) => g.push(p) });
    expect(g.map((e) => e.stage)).toEqual(['body', 'gradients', 'maps']);
    tf.dispose([input, ex.maps, ex2.maps]);
  });

  it('defineCamMethod needs exactly one of channelWeights and camImage', () => {
    const base = { id: 'x', description: 'x', optionsSchema: { type: 'object', additionalProperties: false }, defaultOptions: {}, needsGradients: false };
    expect(() => defineCamMethod(base)).toThrow(/exactly one/);
    expect(() =>
      defineCamMethod({ ...base, channelWeights: () => tf.zeros([1, 1]) as tf.Tensor2D, camImage: () => tf.zeros([1, 1, 1]) as tf.Tensor3D }),
    ).toThrow(/exactly one/);
  });
});
