import * as tfl from '@tensorflow/tfjs-layers';
import { setSeededWeights } from './seeded.js';

/**
 * A small functional DAG with everything the adapter has to get right (16×16×3 → 10 classes, softmax output):
 *
 *   conv1 (relu) → bn1 (scale:false) → pool1 (max-pool straight after BN: negative window maxima)
 *   pool1 → dw (depthwise) → conv2 (linear, bias: a fused conv whose filter gradient is wasted) → bn2 (center:false)
 *   add = bn2 + pool1 (residual: pool1 crosses splits at dw/conv2/bn2) → relu
 *   conv3 (relu) → concat = [conv3, relu] (relu crosses a split at conv3) → gap → probs (Dense, softmax)
 */
export function buildDagModel(seed = 7): tfl.LayersModel {
  const input = tfl.input({ shape: [16, 16, 3], name: 'image' });
  const conv1 = tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv1' }).apply(input) as tfl.SymbolicTensor;
  const bn1 = tfl.layers.batchNormalization({ scale: false, name: 'bn1' }).apply(conv1) as tfl.SymbolicTensor;
  const pool1 = tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }).apply(bn1) as tfl.SymbolicTensor;
  const dw = tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, name: 'dw' }).apply(pool1) as tfl.SymbolicTensor;
  const conv2 = tfl.layers.conv2d({ filters: 8, kernelSize: 1, name: 'conv2' }).apply(dw) as tfl.SymbolicTensor;
  const bn2 = tfl.layers.batchNormalization({ center: false, name: 'bn2' }).apply(conv2) as tfl.SymbolicTensor;
  const add = tfl.layers.add({ name: 'add' }).apply([bn2, pool1]) as tfl.SymbolicTensor;
  const relu = tfl.layers.activation({ activation: 'relu', name: 'relu' }).apply(add) as tfl.SymbolicTensor;
  const conv3 = tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv3' }).apply(relu) as tfl.SymbolicTensor;
  const concat = tfl.layers.concatenate({ name: 'concat' }).apply([conv3, relu]) as tfl.SymbolicTensor;
  const gap = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(concat) as tfl.SymbolicTensor;
  const probs = tfl.layers.dense({ units: 10, activation: 'softmax', name: 'probs' }).apply(gap) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: probs, name: 'dag' });
  setSeededWeights(model, seed);
  return model;
}

/** A Sequential model ending in a separate softmax Activation layer (the other softmax-output shape). */
export function buildSequentialModel(seed = 11): tfl.LayersModel {
  const model = tfl.sequential({ name: 'seq' });
  model.add(tfl.layers.conv2d({ inputShape: [16, 16, 3], filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'c1' }));
  model.add(tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c2' }));
  model.add(tfl.layers.flatten({ name: 'flat' }));
  model.add(tfl.layers.dense({ units: 5, name: 'logits' }));
  model.add(tfl.layers.activation({ activation: 'softmax', name: 'softmax' }));
  setSeededWeights(model, seed);
  return model;
}
