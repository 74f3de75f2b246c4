import * as tfl from '@tensorflow/tfjs-layers';
import { setSeededWeights } from './seeded.js';

type ST = tfl.SymbolicTensor;
const apply = (layer: { apply(x: ST | ST[]): unknown }, x: ST | ST[]): ST => layer.apply(x) as ST;

/**
 * ResNet's last block in miniature (16×16×3 → 10 linear logits):
 *   c1 (relu) → c2 (linear) → bn → add = bn + c1 (c1 crosses a split at c2/bn) → out (relu) → gap → drop → logits
 * Split at c2, bn, add or out, the head is per-channel up to the pooling: a separable head.
 */
export function buildResidualModel(seed = 21): tfl.LayersModel {
  const input = tfl.input({ shape: [16, 16, 3], name: 'image' });
  const c1 = apply(tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1' }), input);
  const c2 = apply(tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', name: 'c2' }), c1);
  const bn = apply(tfl.layers.batchNormalization({ name: 'bn' }), c2);
  const add = apply(tfl.layers.add({ name: 'add' }), [bn, c1]);
  const out = apply(tfl.layers.activation({ activation: 'relu', name: 'out' }), add);
  const gap = apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), out);
  const drop = apply(tfl.layers.dropout({ rate: 0.5, name: 'drop' }), gap);
  const logits = apply(tfl.layers.dense({ units: 10, name: 'logits' }), drop);
  const model = tfl.model({ inputs: input, outputs: logits, name: 'residual' });
  setSeededWeights(model, seed);
  return model;
}

/**
 * DenseNet's last layer in miniature: a (6 ch) → b (4 ch) → cat = [a, b] → bn → relu → gap → probs (softmax).
 * Split at b, channel k of the activation is pooled feature 6 + k.
 */
export function buildConcatModel(seed = 22): tfl.LayersModel {
  const input = tfl.input({ shape: [16, 16, 3], name: 'image' });
  const a = apply(tfl.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', name: 'a' }), input);
  const b = apply(tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'b' }), a);
  const cat = apply(tfl.layers.concatenate({ name: 'cat' }), [a, b]);
  const bn = apply(tfl.layers.batchNormalization({ name: 'bn' }), cat);
  const relu = apply(tfl.layers.activation({ activation: 'relu', name: 'relu' }), bn);
  const gap = apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), relu);
  const probs = apply(tfl.layers.dense({ units: 7, activation: 'softmax', name: 'probs' }), gap);
  const model = tfl.model({ inputs: input, outputs: probs, name: 'concat' });
  setSeededWeights(model, seed);
  return model;
}

/**
 * Heads that are not separable, each split at `x`: a softmax across channels, a LayerNormalization (mixes channels),
 * flatten → Dense (not a global pooling), and a Dense with a ReLU as the classifier (not linear).
 */
export function buildInseparableModels(seed = 23): Record<string, tfl.LayersModel> {
  const make = (name: string, tail: (x: ST) => ST): tfl.LayersModel => {
    const input = tfl.input({ shape: [8, 8, 3], name: 'image' });
    const x = apply(tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'x' }), input);
    const model = tfl.model({ inputs: input, outputs: tail(x), name });
    setSeededWeights(model, seed);
    return model;
  };
  const gapDense = (x: ST): ST => apply(tfl.layers.dense({ units: 5, name: 'logits' }), apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), x));
  return {
    softmax: make('softmax', (x) => gapDense(apply(tfl.layers.activation({ activation: 'softmax', name: 'sm' }), x))),
    layerNorm: make('layerNorm', (x) => gapDense(apply(tfl.layers.layerNormalization({ name: 'ln' }), x))),
    flatten: make('flatten', (x) => apply(tfl.layers.dense({ units: 5, name: 'logits' }), apply(tfl.layers.flatten({ name: 'flat' }), x))),
    reluClassifier: make('reluClassifier', (x) => apply(tfl.layers.dense({ units: 5, activation: 'relu', name: 'logits' }), apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), x))),
  };
}
