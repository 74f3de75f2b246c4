import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLayersModelAdapter, plugin as adapters, selectBackend } from '@saliency/adapters';
import { PluginRegistry, compose, disposeBatch, type ModelAdapter, type ModelSplit } from '@saliency/core';
import { plugin as caseMethods } from '@saliency/method-case/plugin';
import { plugin as cams } from '@saliency/methods-cam/plugin';
import { plugin as metrics } from '@saliency/metrics/plugin';
import { AGREEMENT, CONFIDENCE_DROP, runRq1Workload } from '../src/workload.js';

/** conv → conv → BN → add (skip) → ReLU → GAP → Dense: ResNet's last block, 16×16×3 → 10 classes. */
function tinyResidual(): tfl.LayersModel {
  const input = tfl.input({ shape: [16, 16, 3] });
  const c1 = tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tfl.SymbolicTensor;
  const c2 = tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', name: 'c2', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }).apply(c1) as tfl.SymbolicTensor;
  const bn = tfl.layers.batchNormalization({ name: 'bn' }).apply(c2) as tfl.SymbolicTensor;
  const out = tfl.layers.reLU().apply(tfl.layers.add().apply([bn, c1])) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }).apply(tfl.layers.globalAveragePooling2d({}).apply(out)) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'tiny' });
}

/** The adapter with every split's body() counting the calls made on `input` (Score-CAM's masked inputs are not). */
function counting(adapter: ModelAdapter, input: () => tf.Tensor): { adapter: ModelAdapter; bodies: () => number } {
  let n = 0;
  const wrap = (s: ModelSplit): ModelSplit => ({ ...s, body: (x) => ((n += x === input() ? 1 : 0), s.body(x)) });
  return { adapter: { ...adapter, split: (layer) => wrap(adapter.split(layer)) }, bodies: () => n };
}

describe('the RQ1/RQ2 workload shares one body pass across methods and both classes', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('runs the body once per batch and gives the maps, agreement and confidence drop of separate composer calls', async () => {
    const registry = new PluginRegistry();
    for (const p of [adapters, cams, caseMethods, metrics]) registry.register(p);
    const input = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const { adapter, bodies } = counting(createLayersModelAdapter(tinyResidual()), () => input);
    const methods = ['cam/ablation-cam', 'cam/grad-cam', 'cam/grad-cam-plus-plus', 'cam/layer-cam', ['cam/score-cam', { batchSize: 3 }] as const, 'case/case'];
    const exp = await compose(
      { model: 'adapters/layers-model', layer: 'c2', methods, contrastSelector: 'case/top-logits', contrastK: 1, metrics: [AGREEMENT, CONFIDENCE_DROP] },
      { registry, adapter },
    );
    const got = await runRq1Workload(exp, input, { contrastK: 1, rq2: true, keepMaps: true });
    expect(bodies()).toBe(1);

    // The slow path: the composer's explainBatch, one body pass per class rank.
    const [r1, r2] = [await exp.explainBatch(input, 'top1'), await exp.explainBatch(input, 'top2')];
    expect(bodies()).toBe(3);
    expect([got.top1, got.top2]).toEqual([r1.targets, r2.targets]);
    expect([...got.maps!.keys()].sort()).toEqual([...r1.explanations.keys()].sort());
    for (const [id, [m1, m2]] of got.maps!) {
      const [e1, e2] = [r1.explanations.get(id)!, r2.explanations.get(id)!];
      expect(Array.from(await m1.data()), id).toEqual(Array.from(await e1.maps.data()));
      expect(Array.from(await m2.data()), id).toEqual(Array.from(await e2.maps.data()));
      const agreement = await exp.metrics.get(AGREEMENT)!.evaluate({ adapter, input, targets: r1.targets, maps: e1.maps, otherMaps: e2.maps });
      const drop = await exp.metrics.get(CONFIDENCE_DROP)!.evaluate({ adapter, input, targets: r1.targets, maps: e1.maps });
      expect(Array.from(got.agreement.get(id)!), id).toEqual(Array.from(agreement.scores));
      expect(Array.from(got.confidenceDrop.get(id)!), id).toEqual(Array.from(drop.scores));
      tf.dispose([m1, m2]);
    }
    disposeBatch(r1);
    disposeBatch(r2);
    input.dispose();
    exp.dispose();
  });

  it('needs the agreement metric (and the confidence drop for RQ2) in the experiment', async () => {
    const registry = new PluginRegistry();
    for (const p of [adapters, cams, metrics]) registry.register(p);
    const adapter = createLayersModelAdapter(tinyResidual());
    const exp = await compose({ model: 'adapters/layers-model', layer: 'c2', methods: ['cam/grad-cam'], metrics: [AGREEMENT] }, { registry, adapter });
    const input = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
    await expect(runRq1Workload(exp, input, { contrastK: 1, rq2: true })).rejects.toThrow(/confidence-drop/);
    const rq1 = await runRq1Workload(exp, input, { contrastK: 1, rq2: false });
    expect([...rq1.agreement.keys()]).toEqual(['cam/grad-cam']);
    input.dispose();
    adapter.dispose();
  });
});
