import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PluginRegistry, compose, disposeBatch, isSaliencyError, rankedClasses, resolveTargets } from '../../src/index.js';
import { useCpu } from '../helpers/backend.js';
import { testPackage } from '../helpers/fixture-plugins.js';

const registry = () => {
  const r = new PluginRegistry();
  r.register(testPackage);
  return r;
};
const input = () => tf.randomUniform([3, 6, 6, 3], 0, 1, 'float32', 11) as tf.Tensor4D;

describe('compose', () => {
  beforeAll(useCpu);

  it('wires model, methods and selector; one body pass feeds every method; options in force are reported', async () => {
    const exp = await compose(
      { model: ['test/linear', { classes: 6 }], layer: 'conv', methods: ['test/tiny-grad-cam'], contrastSelector: 'test/next-logit', metrics: [['test/mean-saliency', { scale: 2 }]], seed: 3 },
      { registry: registry() },
    );
    expect(exp.settings).toEqual({ 'test/linear': { classes: 6 }, 'test/tiny-grad-cam': { eps: 1e-7 }, 'test/next-logit': {}, 'test/mean-saliency': { scale: 2 } });
    const x = input();
    const before = tf.memory().numTensors;
    const r = await exp.explainBatch(x, 'top2');
    const maps = r.explanations.get('test/tiny-grad-cam')!.maps;
    expect(maps.shape).toEqual([3, 6, 6]);
    expect(r.targets).toEqual(r.logits.map((row) => rankedClasses(row)[1]));
    const metric = exp.metrics.get('test/mean-saliency')!;
    const scores = await metric.evaluate({ adapter: exp.adapter, input: x, targets: r.targets, maps });
    expect(scores.scores.length).toBe(3);
    disposeBatch(r);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    exp.dispose();
  });

  it('rejects bad configs before loading anything, naming the key', async () => {
    const r = registry();
    const err = async (c: unknown) => {
      try {
        await compose(c as never, { registry: r });
      } catch (e) {
        return e as Error & { code: string };
      }
      throw new Error('no error');
    };
    expect((await err({ model: 'test/linear', layer: 'conv', methods: [], extra: 1 })).message).toMatch(/config has unknown key "extra"|config.methods/);
    expect((await err({ model: 'test/linear', layer: 'conv', methods: ['test/tiny-grad-cam'], seed: -1 })).message).toContain('config.seed');
    const unknown = await err({ model: 'test/linear', layer: 'conv', methods: ['test/tiny-grad-kam'] });
    expect(unknown.code).toBe('SALIENCY_UNKNOWN_PLUGIN');
    expect(unknown.message).toContain('did you mean "test/tiny-grad-cam"');
    const badOpt = await err({ model: 'test/linear', layer: 'conv', methods: [['test/tiny-grad-cam', { eps: 0 }]] });
    expect(badOpt.message).toBe('Plugin "test/tiny-grad-cam": options/eps must be > 0 (got 0)');
    const layer = await err({ model: 'test/linear', layer: 'nope', methods: ['test/tiny-grad-cam'] });
    expect(layer.code).toBe('SALIENCY_UNKNOWN_LAYER');
  });

  it('refuses NaN input and out-of-range targets with named errors', async () => {
    const exp = await compose({ model: 'test/linear', layer: 'conv', methods: ['test/tiny-grad-cam'] }, { registry: registry() });
    const bad = tf.fill([1, 6, 6, 3], Number.NaN) as tf.Tensor4D;
    await expect(exp.explainBatch(bad, 'top1')).rejects.toThrow('input images contains NaN or Infinity');
    const x = input();
    const e = await exp.explainBatch(x, [0, 1, 9]).catch((er: unknown) => er);
    expect(isSaliencyError(e, 'SALIENCY_INVALID_TARGET')).toBe(true);
    expect((e as Error).message).toContain('target class 9 for image 2 is out of range [0, 5)');
    tf.dispose([bad, x]);
    exp.dispose();
  });
});

describe('compose: explainTargets', () => {
  beforeAll(useCpu);

  it('runs the body once for several target sets and gives what one explainBatch per set gives', async () => {
    const exp = await compose({ model: ['test/linear', { classes: 6 }], layer: 'conv', methods: ['test/tiny-grad-cam'], contrastSelector: 'test/next-logit' }, { registry: registry() });
    const x = input();
    const before = tf.memory().numTensors;
    const body = vi.spyOn(exp.split, 'body');
    const [r1, r2] = await exp.explainTargets(x, ['top1', 'top2']);
    expect(body).toHaveBeenCalledTimes(1);
    const [s1, s2] = [await exp.explainBatch(x, 'top1'), await exp.explainBatch(x, 'top2')];
    expect(body).toHaveBeenCalledTimes(3);
    for (const [a, b] of [[r1!, s1], [r2!, s2]] as const) {
      expect(a.targets).toEqual(b.targets);
      expect(a.contrasts).toEqual(b.contrasts);
      const map = (r: typeof a) => Array.from(r.explanations.get('test/tiny-grad-cam')!.maps.dataSync());
      expect(map(a)).toEqual(map(b));
    }
    expect(r1!.targets).not.toEqual(r2!.targets);
    for (const r of [r1!, r2!, s1, s2]) disposeBatch(r);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    exp.dispose();
  });

  it('a bad target set anywhere in the list fails before any method runs, leaving nothing allocated; an empty list is refused', async () => {
    const exp = await compose({ model: 'test/linear', layer: 'conv', methods: ['test/tiny-grad-cam'] }, { registry: registry() });
    const x = input();
    const before = tf.memory().numTensors;
    const e = await exp.explainTargets(x, ['top1', [0, 1, 9]]).catch((er: unknown) => er);
    expect(isSaliencyError(e, 'SALIENCY_INVALID_TARGET')).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    await expect(exp.explainTargets(x, [])).rejects.toThrow('explainTargets needs at least one target set');
    x.dispose();
    exp.dispose();
  });
});

describe('resolveTargets', () => {
  it('ranks by logit with ties broken by index', () => {
    const rows = [Float32Array.from([1, 3, 3, 0])];
    expect(resolveTargets('top1', rows, 4)).toEqual([1]);
    expect(resolveTargets('top2', rows, 4)).toEqual([2]);
    expect(() => resolveTargets([1, 2], rows, 4)).toThrow('targets has 2 classes for 1 images');
  });
});
