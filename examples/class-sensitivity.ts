// RQ1 in code: do Grad-CAM's and CASE's maps for the top-1 and top-2 classes agree? One body pass per batch serves
// both target sets and both methods. Run: node --conditions=@saliency/source --import tsx examples/class-sensitivity.ts
import * as tf from '@tensorflow/tfjs-core';
import { PluginRegistry, compose, disposeBatch } from '@saliency/core';
import { plugin as adapters, selectBackend } from '@saliency/adapters';
import { plugin as caseMethod } from '@saliency/method-case';
import { plugin as cam } from '@saliency/methods-cam';
import { plugin as metrics } from '@saliency/metrics';
import { median, wilcoxon } from '@saliency/stats';
import { renderPartsBatch } from '@saliency/zoo';

await selectBackend('wasm');
const registry = new PluginRegistry();
for (const p of [adapters, caseMethod, cam, metrics]) registry.register(p);

const zoo = new URL('../packages/zoo/models/resnet_mini/', import.meta.url).pathname;
const experiment = await compose(
  {
    model: ['adapters/layers-model', { path: `${zoo}model.json` }],
    layer: 'conv3_block2_out',
    methods: ['case/case', 'cam/grad-cam'],
    contrastSelector: ['case/confusion-matrix', { path: `${zoo}confusion.json` }],
    metrics: [['metrics/feature-agreement', { kPercent: 5 }]],
  },
  { registry },
);

// 64 held-out images of the zoo's synthetic dataset (any [B, 32, 32, 3] float tensor in [0, 1] would do).
const { images } = renderPartsBatch(1, 'test', 0, 64);
const x = tf.tensor4d(images, [64, 32, 32, 3]);
const [top1, top2] = await experiment.explainTargets(x, ['top1', 'top2']);
const agreement = experiment.metrics.get('metrics/feature-agreement')!;
for (const id of experiment.methods.keys()) {
  const maps = top1!.explanations.get(id)!.maps;
  const otherMaps = top2!.explanations.get(id)!.maps;
  const { scores } = await agreement.evaluate({ adapter: experiment.adapter, input: x, targets: top1!.targets, maps, otherMaps });
  // H0: median agreement ≥ 50% (the paper's test); a small p says the method is class-sensitive.
  const test = wilcoxon(Array.from(scores, (s) => s - 50), { alternative: 'less' });
  console.log(`${id}: median agreement ${median(scores).toFixed(1)}%, Wilcoxon p = ${test.pvalue.toPrecision(3)}`);
}
disposeBatch(top1!);
disposeBatch(top2!);
x.dispose();
experiment.dispose();
