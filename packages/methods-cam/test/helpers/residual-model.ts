import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type ST = tfl.SymbolicTensor;
const apply = (layer: { apply(x: ST | ST[]): unknown }, x: ST | ST[]): ST => layer.apply(x) as ST;

/** mulberry32, so the weights do not depend on TF.js initialisers. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * ResNet-50's head at `conv5_block3_3_conv` in miniature (12×12×3 → 6 linear logits), with 10 channels so that
 * Ablation-CAM's batches of 4 end in a partial one:
 *   c1 (relu) → c2 (the target) → bn → add = bn + c1 → out (relu) → gap → logits
 * The head after c2 is per-channel up to the pooling, so the adapter gives it `ablatedLogits`.
 */
export function buildResidualModel(seed = 5): tfl.LayersModel {
  const input = tfl.input({ shape: [12, 12, 3], name: 'image' });
  const c1 = apply(tfl.layers.conv2d({ filters: 10, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1' }), input);
  const c2 = apply(tfl.layers.conv2d({ filters: 10, kernelSize: 3, padding: 'same', name: 'c2' }), c1);
  const bn = apply(tfl.layers.batchNormalization({ name: 'bn' }), c2);
  const out = apply(tfl.layers.activation({ activation: 'relu', name: 'out' }), apply(tfl.layers.add({ name: 'add' }), [bn, c1]));
  const logits = apply(tfl.layers.dense({ units: 6, name: 'logits' }), apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), out));
  const model = tfl.model({ inputs: input, outputs: logits, name: 'residual' });
  const r = rng(seed);
  const values = model.weights.map((w) => {
    const n = w.shape.reduce((a: number, b) => a * (b as number), 1);
    const [lo, hi] = /variance/.test(w.originalName) ? [0.5, 2] : /gamma/.test(w.originalName) ? [0.5, 1.5] : [-0.5, 0.5];
    return tf.tensor(Float32Array.from({ length: n }, () => lo + (hi - lo) * r()), w.shape as number[]);
  });
  model.setWeights(values);
  tf.dispose(values);
  return model;
}
