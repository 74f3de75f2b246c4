import * as tf from '@tensorflow/tfjs-core';
import * as tfc from '@tensorflow/tfjs-converter';
import * as tfl from '@tensorflow/tfjs-layers';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { disposeBody, isSaliencyError, type ModelAdapter } from '@saliency/core';
import { describeModelAdapter } from '@saliency/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLayersModelAdapter, loadModel, readModelFiles, selectBackend } from '../../src/index.js';
import { graphModelJson, graphModelWeights } from '../fixtures/make-graph-model.js';
import { relDiff, softmaxRows, values } from '../helpers/compare.js';
import { seededImages } from '../helpers/seeded.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/graph-model/model.json', import.meta.url));
const input = (): tf.Tensor4D => seededImages([2, 16, 16, 3], 123);

/** The same network as the graph fixture, built independently as a LayersModel from the fixture's weights. */
function equivalentLayersModel(): tfl.LayersModel {
  const w = graphModelWeights().values;
  const v = (name: string, shape: number[]): tf.Tensor => tf.tensor(w.get(name)!, shape);
  const x = tfl.input({ shape: [16, 16, 3] });
  const conv = (filters: number, act: 'relu' | 'linear', name: string) => tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: act, name });
  const c1 = conv(8, 'relu', 'conv1');
  const c2 = conv(8, 'relu', 'conv2');
  const c3 = conv(8, 'linear', 'conv3');
  const dw = tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, name: 'dw' });
  const c4 = conv(16, 'relu', 'conv4');
  const dense = tfl.layers.dense({ units: 10, name: 'dense' });
  const a1 = c1.apply(x) as tfl.SymbolicTensor;
  const add = tfl.layers.add().apply([c3.apply(c2.apply(a1)) as tfl.SymbolicTensor, a1]) as tfl.SymbolicTensor;
  const relu = tfl.layers.activation({ activation: 'relu', name: 'relu' }).apply(add);
  const pooled = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(relu);
  const out = dense.apply(tfl.layers.globalAveragePooling2d({}).apply(c4.apply(dw.apply(pooled))));
  const model = tfl.model({ inputs: x, outputs: out as tfl.SymbolicTensor, name: 'graph-equivalent' });
  for (const [layer, names] of [[c1, 'conv1'], [c2, 'conv2'], [c3, 'conv3'], [c4, 'conv4'], [dense, 'dense']] as const) {
    const k = layer.getWeights()[0]!.shape;
    layer.setWeights([v(`${names}/kernel`, k), v(`${names}/bias`, [k[k.length - 1]!])]);
  }
  dw.setWeights([v('dw/depthwise_kernel', [3, 3, 8, 1])]);
  return model;
}

it('the shipped graph fixture is what test/fixtures/make-graph-model.ts writes', async () => {
  expect(JSON.parse(await readFile(FIXTURE, 'utf8'))).toEqual(graphModelJson());
  expect(new Uint8Array(await readFile(FIXTURE.replace('model.json', 'weights.bin')))).toEqual(graphModelWeights().bytes);
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`graph-model adapter on ${backend}`, () => {
    let adapter: ModelAdapter;
    beforeAll(async () => {
      await selectBackend(backend);
      adapter = await loadModel(FIXTURE);
    });

    describeModelAdapter({
      name: `hand-written GraphDef (fused conv, skip, max-pool, depthwise, softmax) on ${backend}`,
      adapter: async () => adapter,
      layers: ['conv1/Relu', 'block/conv2', 'block/conv3/BiasAdd', 'pool', 'dw', 'conv4'],
      input,
    });

    it('lists the nodes computed from the input, with shapes, and finds the skip connection', () => {
      expect(adapter.meta).toMatchObject({ id: 'graph-model', format: 'graph-model', inputShape: [16, 16, 3], numClasses: 10, outputActivation: 'softmax' });
      const names = adapter.layers().map((l) => l.name);
      expect(names).not.toContain('conv1/kernel');
      expect(names.indexOf('conv1/Relu')).toBeLessThan(names.indexOf('block/add'));
      expect(adapter.layers().find((l) => l.name === 'block/add')).toMatchObject({ className: 'AddV2', outputShape: [null, 16, 16, 8], spatial: true, inbound: ['block/conv3/BiasAdd', 'conv1/Relu'] });
      expect(adapter.layers().find((l) => l.name === 'gap')).toMatchObject({ className: 'Mean', outputShape: [null, 16], spatial: false });
      expect(adapter.suggestedLayers()[0]).toBe('conv4');
      expect(adapter.split('block/conv2').crossingNames).toEqual(['conv1/Relu']);
      expect(adapter.split('block/conv3/BiasAdd').crossingNames).toEqual(['conv1/Relu']);
      expect(adapter.split('block/add').crossingNames).toEqual([]);
    });

    it('equals an independently built LayersModel with the same weights (logits, activations, gradients)', async () => {
      const layers = createLayersModelAdapter(equivalentLayersModel());
      const x = input();
      const [g, l] = [adapter.split('block/conv2'), layers.split('conv2')];
      const [gb, lb] = [g.body(x), l.body(x)];
      expect(relDiff(await values(gb.activation), await values(lb.activation))).toBeLessThan(1e-5);
      const gg = g.classGradients(gb, [[1, 8], [0, 3]]);
      const lg = l.classGradients(lb, [[1, 8], [0, 3]]);
      expect(relDiff(await values(gg.logits), await values(lg.logits))).toBeLessThan(1e-5);
      expect(relDiff(await values(gg.gradients), await values(lg.gradients))).toBeLessThan(1e-4);
      tf.dispose([x, gg.gradients, gg.logits, lg.gradients, lg.logits]);
      disposeBody(gb);
      disposeBody(lb);
      layers.dispose();
    });

    it('skips the trailing Softmax → Identity: softmax(predict) equals the graph output', async () => {
      const x = input();
      const logits = adapter.predict(x);
      const { artifacts } = await readModelFiles(FIXTURE);
      const graph = await tfc.loadGraphModel({ load: async () => artifacts });
      const probs = graph.execute(x) as tf.Tensor;
      expect(relDiff(softmaxRows(await values(logits), 10), await values(probs))).toBeLessThan(1e-6);
      tf.dispose([x, logits, probs]);
      graph.dispose();
    });

    it('rejects unknown and non-spatial nodes with named errors', () => {
      let err: unknown;
      try {
        adapter.split('block/conv');
      } catch (e) {
        err = e;
      }
      expect(isSaliencyError(err, 'SALIENCY_UNKNOWN_LAYER')).toBe(true);
      expect((err as Error).message).toMatch(/nearest: "block\/conv2", "block\/conv3\/Conv2D", "block\/conv3\/BiasAdd"/);
      expect(() => adapter.split('dense/MatMul')).toThrow(/not a \[B, h, w, C\] feature map/);
    });
  });
}
