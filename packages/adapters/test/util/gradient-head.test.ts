import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { disposeBody } from '@saliency/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { WEIGHT_GRADIENT_KERNELS, createLayersModelAdapter, selectBackend, withoutWeightGradients, type LayersModelSplit } from '../../src/index.js';
import { relDiff, values } from '../helpers/compare.js';
import { buildDagModel } from '../helpers/models.js';
import { buildInseparableModels, buildResidualModel } from '../helpers/separable-models.js';
import { seededImages, setSeededWeights } from '../helpers/seeded.js';

/** conv → flatten → fc (relu) → logits (linear Dense, fused with its bias under tf.grad): an MLP head. */
function buildMlpModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 8, 3], name: 'image' });
  const x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'x' }).apply(input) as tfl.SymbolicTensor;
  const flat = tfl.layers.flatten({ name: 'flat' }).apply(x) as tfl.SymbolicTensor;
  const fc = tfl.layers.dense({ units: 12, activation: 'relu', name: 'fc' }).apply(flat) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: 5, name: 'logits' }).apply(fc) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: logits, name: 'mlp' });
  setSeededWeights(model, 31);
  return model;
}

const VIEWS = new Set(['Identity', 'Reshape', 'Slice']);

/** A shape without leading 1s: a fused matMul forms the dense kernel's gradient as `[1, in, out]`. */
const key = (shape: readonly number[]): string => `[${shape.slice(Math.max(0, shape.findIndex((d) => d !== 1))).join(',')}]`;

/**
 * `name [shape]` of every kernel output of `fn`, except those that only view or move data (`Identity`: the tape
 * keeping a saved input; `Reshape`, `Slice`: reading a weight into a matMul), and the number of calls of the real weight-gradient kernels (counted through wrappers;
 * inside `withoutWeightGradients` they are replaced by zero fills of the same name).
 */
async function kernelOutputs(backend: string, fn: () => tf.Tensor[]): Promise<{ shapes: string[]; realWeightKernels: number }> {
  let realWeightKernels = 0;
  const originals = WEIGHT_GRADIENT_KERNELS.map((k) => tf.getKernel(k, backend)).filter((c): c is tf.KernelConfig => !!c);
  for (const c of originals) {
    tf.unregisterKernel(c.kernelName, backend);
    tf.registerKernel({ ...c, kernelFunc: (args) => (realWeightKernels++, c.kernelFunc(args)) });
  }
  try {
    const info = await tf.profile(() => {
      tf.dispose(fn());
      return [];
    });
    const shapes = info.kernels.filter((k) => !VIEWS.has(k.name)).flatMap((k) => k.outputShapes.map((s) => `${k.name} ${key(s ?? [])}`));
    return { shapes, realWeightKernels };
  } finally {
    for (const c of originals) {
      tf.unregisterKernel(c.kernelName, backend);
      tf.registerKernel(c);
    }
  }
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`class gradients form no weight gradient on ${backend}`, () => {
    beforeAll(async () => {
      await selectBackend(backend);
    });

    it('no kernel outputs a tensor of a conv or dense kernel\'s shape, whichever gradient path runs', async () => {
      const cases: [tfl.LayersModel, string, LayersModelSplit['gradientMethod']][] = [
        [buildDagModel(), 'dw', 'autodiff'], // depthwise, fused conv + bias, BN and the softmax Dense made linear
        [buildMlpModel(), 'x', 'autodiff'], // a linear Dense after an MLP
        [buildResidualModel(), 'bn', 'separable'],
        [buildResidualModel(), 'out', 'closed-form'],
      ];
      for (const [model, layer, expected] of cases) {
        const weightShapes = new Set(model.weights.filter((w) => w.shape.length >= 2).map((w) => key(w.shape as number[])));
        const adapter = createLayersModelAdapter(model);
        const split = adapter.split(layer) as LayersModelSplit;
        expect(split.gradientMethod).toBe(expected);
        const x = seededImages([2, ...adapter.meta.inputShape], 8);
        const body = split.body(x);
        const isWeight = (s: string): boolean => weightShapes.has(s.slice(s.indexOf(' ') + 1));
        const zeroFill = (s: string): boolean => (WEIGHT_GRADIENT_KERNELS as readonly string[]).includes(s.slice(0, s.indexOf(' ')));
        const run = await kernelOutputs(backend, () => {
          const g = split.classGradients(body, [[0, 1, 2], [3, 4, 0]]);
          return [g.gradients, g.logits];
        });
        const where = `${model.name}@${layer}`;
        expect(run.shapes.length, where).toBeGreaterThan(0);
        expect(run.realWeightKernels, where).toBe(0);
        // Weight-shaped outputs may only be the zero fills standing in for the filter-gradient kernels.
        expect(run.shapes.filter((s) => isWeight(s) && !zeroFill(s)), where).toEqual([]);
        if (expected === 'autodiff') {
          // The same check sees them in plain tf.grad through the model's own head.
          const plain = await kernelOutputs(backend, () => [tf.grad((a: tf.Tensor) => tf.sum(split.head(a as tf.Tensor4D, body.crossing)))(body.activation)]);
          expect(plain.realWeightKernels + plain.shapes.filter((s) => isWeight(s) && !zeroFill(s)).length, where).toBeGreaterThan(0);
        }
        disposeBody(body);
        x.dispose();
        adapter.dispose();
      }
    });

    it("the differentiated head (Dense unfused, one-reduction Tile gradient) gives the gradients of the model's own head", async () => {
      // An MLP head (linear and ReLU Dense) and a LayerNormalization head (TF.js tiles its moments over the channels).
      for (const model of [buildMlpModel(), buildInseparableModels().layerNorm!]) {
        const adapter = createLayersModelAdapter(model);
        const split = adapter.split('x');
        const [h, w, c] = split.activationShape;
        const x = seededImages([2, 8, 8, 3], 9);
        const body = split.body(x);
        const classes = [[1, 4], [0, 0]];
        const { gradients, logits } = split.classGradients(body, classes);
        const seeds = tf.tensor2d([[0, 1, 0, 0, 0], [0, 0, 0, 0, 1], [1, 0, 0, 0, 0], [1, 0, 0, 0, 0]]);
        const reference = tf.tidy(() => {
          const tiled = tf.reshape(tf.tile(tf.expandDims(body.activation, 1), [1, 2, 1, 1, 1]), [4, h, w, c]);
          const g = withoutWeightGradients(() => tf.grad((a: tf.Tensor) => tf.sum(tf.mul(split.head(a as tf.Tensor4D, []), seeds)))(tiled));
          return tf.reshape(g, [2, 2, h, w, c]);
        });
        const predicted = adapter.predict(x);
        expect(relDiff(await values(gradients), await values(reference)), model.name).toBeLessThan(1e-5);
        expect(relDiff(await values(logits), await values(predicted)), model.name).toBeLessThan(1e-6);
        tf.dispose([x, gradients, logits, seeds, reference, predicted]);
        disposeBody(body);
        adapter.dispose();
      }
    });
  });
}
