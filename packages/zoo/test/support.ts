// Test helpers shared by the zoo's tests (not a test file itself).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

const size = (shape: readonly (number | null)[]): number => shape.reduce<number>((a, d) => a * (d as number), 1);

/** Total and trainable parameter counts, the two numbers Keras's `model.summary()` prints. */
export function paramCounts(model: tfl.LayersModel): { total: number; trainable: number } {
  return { total: model.countParams(), trainable: model.trainableWeights.reduce((a, w) => a + size(w.shape), 0) };
}

/** `originalName → shape` of every weight, the model's weight "signature". */
export function weightSignature(model: tfl.LayersModel): Map<string, string> {
  return new Map(model.weights.map((w) => [w.originalName, w.shape.join('x')]));
}

/** Names of the model's top-level layers, sorted. */
export function layerNames(model: tfl.LayersModel): string[] {
  return model.layers.map((l) => l.name).sort();
}

/** `outputShape` of the named layer (symbolic: nothing runs). */
export function outputShapeOf(model: tfl.LayersModel, name: string): (number | null)[] {
  return model.getLayer(name).outputShape as (number | null)[];
}

/**
 * The symbolic output of the named layer in the model's graph. A nested model (ConvNeXt's stem and downsampling
 * Sequentials) has two inbound nodes, its own and the outer model's, so `layer.output` throws; the outer one is
 * the last.
 */
export function outputOf(model: tfl.LayersModel, name: string): tfl.SymbolicTensor {
  const layer = model.getLayer(name);
  return layer.getOutputAt(layer.inboundNodes.length - 1) as tfl.SymbolicTensor;
}

/** Runs `x` through the model and returns the shapes of the named layers' outputs and of the model output. */
export function runShapes(
  model: tfl.LayersModel,
  names: string[],
  x: tf.Tensor,
): { taps: number[][]; output: number[]; finite: boolean; values: Float32Array } {
  const tap = tfl.model({ inputs: model.inputs, outputs: [...names.map((n) => outputOf(model, n)), model.outputs[0]] });
  const outs = tap.predict(x) as tf.Tensor[];
  const last = outs[outs.length - 1];
  const finite = tf.tidy(() => tf.all(tf.isFinite(last)).dataSync()[0] === 1);
  const result = { taps: outs.slice(0, -1).map((t) => t.shape), output: last.shape, finite, values: last.dataSync() as Float32Array };
  tf.dispose(outs);
  return result;
}

/** Layers that consume the named layer's output (class names), read from the model graph. */
export function consumers(model: tfl.LayersModel, name: string): string[] {
  return model.getLayer(name).outboundNodes.map((n) => n.outboundLayer.getClassName());
}

export function randomImages(n: number, h: number, w: number, seed = 1): tf.Tensor4D {
  return tf.randomUniform([n, h, w, 3], 0, 255, 'float32', seed);
}
