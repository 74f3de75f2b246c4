import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { disposeBody, isSaliencyError, type ModelAdapter } from '@saliency/core';
import { countLeaks, describeModelAdapter } from '@saliency/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLayersModelAdapter, selectBackend, withoutWeightGradients, type LayersModelSplit } from '../../src/index.js';
import { relDiff, softmaxRows, values } from '../helpers/compare.js';
import { buildDagModel, buildSequentialModel } from '../helpers/models.js';
import { seededImages, setSeededWeights } from '../helpers/seeded.js';

const input = (): tf.Tensor4D => seededImages([2, 16, 16, 3], 99);
const DAG_LAYERS = ['conv1', 'bn1', 'dw', 'conv3', 'concat'];

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`layers-model adapter on ${backend}`, () => {
    let dag: ModelAdapter;
    let dagModel: tfl.LayersModel;
    let seq: ModelAdapter;
    let seqModel: tfl.LayersModel;
    beforeAll(async () => {
      expect((await selectBackend(backend)).name).toBe(backend);
      dagModel = buildDagModel();
      dag = createLayersModelAdapter(dagModel);
      seqModel = buildSequentialModel();
      seq = createLayersModelAdapter(seqModel);
    });

    describeModelAdapter({ name: `DAG with residual, concat, BN(scale:false), depthwise, softmax on ${backend}`, adapter: async () => dag, layers: DAG_LAYERS, input });
    describeModelAdapter({ name: `Sequential with a softmax layer on ${backend}`, adapter: async () => seq, layers: ['c1', 'c2'], input });

    it('describes the model: meta, layers in topological order, suggested layers', () => {
      expect(dag.meta).toMatchObject({ id: 'dag', format: 'layers-model', inputShape: [16, 16, 3], numClasses: 10, outputActivation: 'softmax' });
      const names = dag.layers().map((l) => l.name);
      expect(names).toEqual(['image', 'conv1', 'bn1', 'pool1', 'dw', 'conv2', 'bn2', 'add', 'relu', 'conv3', 'concat', 'gap', 'probs']);
      const add = dag.layers().find((l) => l.name === 'add')!;
      expect(add).toMatchObject({ className: 'Add', outputShape: [null, 8, 8, 8], spatial: true, inbound: ['bn2', 'pool1'] });
      expect(dag.layers().find((l) => l.name === 'gap')).toMatchObject({ spatial: false, outputShape: [null, 16] });
      expect(dag.suggestedLayers()[0]).toBe('concat');
      expect(dag.suggestedLayers()).toContain('conv3');
      expect(seq.meta.outputActivation).toBe('softmax');
      expect(seq.suggestedLayers()).toEqual(['c2', 'c1']);
    });

    it('finds the tensors that cross each split (skip connections)', () => {
      expect(dag.split('conv1').crossingNames).toEqual([]);
      expect(dag.split('dw').crossingNames).toEqual(['pool1']);
      expect(dag.split('bn2').crossingNames).toEqual(['pool1']);
      expect(dag.split('conv3').crossingNames).toEqual(['relu']);
      expect(dag.split('concat').crossingNames).toEqual([]);
    });

    it('undoes the softmax output: softmax(predict) equals the model output (Dense softmax and Activation softmax)', async () => {
      const x = input();
      for (const [adapter, model] of [[dag, dagModel], [seq, seqModel]] as const) {
        const logits = adapter.predict(x);
        const probs = model.predict(x) as tf.Tensor;
        const fromLogits = softmaxRows(await values(logits), adapter.meta.numClasses);
        expect(relDiff(fromLogits, await values(probs))).toBeLessThan(1e-6);
        // Logits, not probabilities: rows do not sum to 1.
        const sums = await values(tf.sum(logits, 1));
        expect(Math.max(...Array.from(sums, (s) => Math.abs(s - 1)))).toBeGreaterThan(1e-2);
        tf.dispose([logits, probs]);
      }
      x.dispose();
    });

    it('GAP → Dense heads use the closed form, equal to autodiff', async () => {
      const auto = createLayersModelAdapter(buildDagModel(), { forceAutodiff: true });
      const closed = dag.split('concat') as LayersModelSplit;
      const forced = auto.split('concat') as LayersModelSplit;
      expect(closed.gradientMethod).toBe('closed-form');
      expect(forced.gradientMethod).toBe('autodiff');
      // conv3's head (concat → gap → dense) is per-channel before the pooling: the separable form; dw's is not.
      expect((dag.split('conv3') as LayersModelSplit).gradientMethod).toBe('separable');
      expect((dag.split('dw') as LayersModelSplit).gradientMethod).toBe('autodiff');
      const x = input();
      const body = closed.body(x);
      const classes = [[0, 3, 9], [5, 5, 1]];
      const a = closed.classGradients(body, classes);
      const b = forced.classGradients(body, classes);
      expect(a.gradients.shape).toEqual([2, 3, 8, 8, 16]);
      expect(relDiff(await values(a.gradients), await values(b.gradients))).toBeLessThan(1e-6);
      expect(relDiff(await values(a.logits), await values(b.logits))).toBeLessThan(1e-6);
      tf.dispose([x, a.gradients, a.logits, b.gradients, b.logits]);
      disposeBody(body);
      auto.dispose();
    });

    it('gradients with weight gradients switched off equal plain tf.grad through the head', async () => {
      for (const layer of ['conv1', 'dw']) {
        const split = dag.split(layer);
        const x = input();
        const body = split.body(x);
        const cls = [[2], [7]];
        const { gradients, logits } = split.classGradients(body, cls);
        // Reference: tf.grad with every kernel in place, one class at a time, no repetition.
        const seed = tf.tensor2d([[0, 0, 1, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 1, 0, 0]]);
        const plain = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(split.head(a as tf.Tensor4D, body.crossing), seed)))(body.activation);
        const scoped = withoutWeightGradients(() => tf.grad((a: tf.Tensor) => tf.sum(tf.mul(split.head(a as tf.Tensor4D, body.crossing), seed)))(body.activation));
        expect(relDiff(await values(gradients), await values(plain))).toBeLessThan(1e-6);
        expect(relDiff(await values(scoped), await values(plain))).toBeLessThan(1e-6);
        tf.dispose([x, gradients, logits, seed, plain, scoped]);
        disposeBody(body);
      }
    });

    it('classGradients never runs a weight-gradient kernel (plain tf.grad through the same head does)', () => {
      const name = 'Conv2DBackpropFilter';
      const real = tf.getKernel(name, backend)!;
      let calls = 0;
      tf.unregisterKernel(name, backend);
      tf.registerKernel({ ...real, kernelFunc: (args) => (calls++, real.kernelFunc(args)) });
      try {
        const split = dag.split('dw'); // head: conv2 is a linear conv with bias, i.e. a fused conv with customGrad
        const x = input();
        const body = split.body(x);
        const g = split.classGradients(body, [[3], [3]]);
        expect(calls).toBe(0);
        const plain = tf.grad((a: tf.Tensor) => tf.sum(split.head(a as tf.Tensor4D, body.crossing)))(body.activation);
        expect(calls).toBeGreaterThan(0);
        tf.dispose([x, g.gradients, g.logits, plain]);
        disposeBody(body);
      } finally {
        tf.unregisterKernel(name, backend);
        tf.registerKernel(real);
      }
    });

    it('BatchNorm without scale/center is differentiable in the head and leaves the forward pass unchanged', async () => {
      const split = dag.split('conv1'); // head: bn1 (scale:false) … bn2 (center:false)
      const x = input();
      const body = split.body(x);
      const g = split.classGradients(body, [[1], [1]]);
      expect(Array.from(await values(g.gradients)).every(Number.isFinite)).toBe(true);
      expect(Math.max(...Array.from(await values(g.gradients), Math.abs))).toBeGreaterThan(0);
      const direct = dagModel.predict(x) as tf.Tensor;
      expect(relDiff(softmaxRows(await values(g.logits), 10), await values(direct))).toBeLessThan(1e-6);
      tf.dispose([x, g.gradients, g.logits, direct]);
      disposeBody(body);
    });

    it('the fixture really has max-pool windows whose maximum is negative', async () => {
      const x = input();
      const body = dag.split('bn1').body(x);
      const pooled = tf.maxPool(body.activation, 2, 2, 'valid');
      const negative = Array.from(await values(pooled)).filter((v) => v < 0).length;
      expect(negative).toBeGreaterThan(10);
      tf.dispose([x, pooled]);
      disposeBody(body);
    });

    it('works on layers with several inbound nodes (a shared layer, and layers re-applied by earlier splits)', async () => {
      const inp = tfl.input({ shape: [8, 8, 2] });
      const shared = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'shared' });
      const a = shared.apply(inp) as tfl.SymbolicTensor;
      const b = shared.apply(tfl.layers.conv2d({ filters: 2, kernelSize: 1, name: 'pre' }).apply(inp) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
      const merged = tfl.layers.add({ name: 'merge' }).apply([a, b]) as tfl.SymbolicTensor;
      const out = tfl.layers.dense({ units: 3, name: 'out' }).apply(tfl.layers.flatten({ name: 'flat' }).apply(merged)) as tfl.SymbolicTensor;
      const model = tfl.model({ inputs: inp, outputs: out, name: 'shared' });
      setSeededWeights(model, 5);
      const adapter = createLayersModelAdapter(model);
      expect(() => shared.output).toThrow();
      expect(isSaliencyError(thrown(() => adapter.split('shared')), 'SALIENCY_UNSUPPORTED')).toBe(true);
      const x = seededImages([2, 8, 8, 2], 1);
      const split = adapter.split('merge');
      const body = split.body(x);
      const viaSplit = split.head(body.activation, body.crossing);
      const direct = model.predict(x) as tf.Tensor;
      expect(relDiff(await values(viaSplit), await values(direct))).toBeLessThan(1e-6);
      // A second adapter on the DAG, whose layers the first adapter's heads re-applied.
      // (Not disposed: it shares the DAG's weights with the adapter the other tests use.)
      const again = createLayersModelAdapter(dagModel);
      const xi = input();
      const p1 = again.predict(xi);
      const p2 = dag.predict(xi);
      expect(relDiff(await values(p1), await values(p2))).toBe(0);
      tf.dispose([x, xi, viaSplit, direct, p1, p2]);
      disposeBody(body);
      adapter.dispose();
    });

    it('rejects unknown and non-spatial layers with named errors', () => {
      const unknown = thrown(() => dag.split('conv_3'));
      expect(isSaliencyError(unknown, 'SALIENCY_UNKNOWN_LAYER')).toBe(true);
      expect(unknown.message).toContain('"conv_3"');
      expect(unknown.message).toMatch(/nearest: "conv3", "conv1", "conv2"/);
      const flat = thrown(() => dag.split('gap'));
      expect(isSaliencyError(flat, 'SALIENCY_LAYER_NOT_SPATIAL')).toBe(true);
      expect(flat.message).toContain('"gap"');
      expect(flat.message).toContain('[null, 16]');
      const bad = thrown(() => dag.predict(tf.zeros([1, 8, 8, 3]) as tf.Tensor4D));
      expect(isSaliencyError(bad, 'SALIENCY_INVALID_INPUT')).toBe(true);
      const targets = thrown(() => {
        const s = dag.split('conv3');
        const x = input();
        const body = s.body(x);
        try {
          s.classGradients(body, [[1], [10]]);
        } finally {
          x.dispose();
          disposeBody(body);
        }
      });
      expect(isSaliencyError(targets, 'SALIENCY_INVALID_TARGET')).toBe(true);
    });

    it('dispose frees the model weights and the substitutes', async () => {
      const model = buildDagModel();
      const leaked = await countLeaks(() => {
        const adapter = createLayersModelAdapter(model);
        adapter.split('conv1');
        adapter.dispose();
        adapter.dispose(); // idempotent
        expect(() => adapter.split('conv1')).toThrow(/disposed/);
      });
      // Everything the model held (its weights) is gone, and the adapter itself left nothing behind.
      expect(leaked).toBe(-model.weights.length);
    });
  });
}
