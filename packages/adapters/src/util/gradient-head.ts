import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { replay, type Layer, type LayersGraph, type Step, type Sym } from './layers-graph.js';

/**
 * A linear Dense computed as `matMul` + bias `add`, sharing the Dense's weights. Under `tf.grad`, tfjs-layers runs
 * a linear Dense as a fused matMul whose `customGrad` always computes the kernel gradient too (a `[in, out]`
 * BatchMatMul per class); separate ops let the tape prune every input that is not a function of the activation,
 * so no weight gradient is formed. Used only in the head that class gradients differentiate.
 */
class UnfusedDense extends tfl.layers.Layer {
  static className = 'SaliencyUnfusedDense';

  constructor(private readonly dense: Layer) {
    super({ name: `${dense.name}__unfused`, trainable: false });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return this.dense.computeOutputShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [kernel, bias] = this.dense.getWeights();
      const flat = tf.matMul(tf.reshape(x, [-1, x.shape[x.rank - 1]!]), kernel as tf.Tensor2D);
      const y = tf.reshape(flat, [...x.shape.slice(0, -1), kernel!.shape[1]!]);
      return bias ? tf.add(y, bias) : y;
    });
  }
}

/**
 * The head re-applied with every linear Dense unfused (see {@link UnfusedDense}), on fresh inputs; null when the
 * head has no linear Dense (then the plain head already differentiates without weight gradients).
 */
export function gradientHeadModel(graph: LayersGraph, name: string, after: readonly Step[], activation: Sym, crossing: readonly Sym[]): tfl.LayersModel | null {
  const substitutes = new Map(graph.substitutes);
  for (const s of after) {
    const layer = substitutes.get(s.layer) ?? s.layer;
    if (layer.getClassName() === 'Dense' && (layer.getConfig() as { activation?: string }).activation === 'linear') substitutes.set(s.layer, new UnfusedDense(layer));
  }
  if (substitutes.size === graph.substitutes.size && [...substitutes].every(([k, v]) => graph.substitutes.get(k) === v)) return null;
  const a = tfl.input({ shape: activation.shape.slice(1) as number[], name: `${name}__grad_activation` });
  const cross = crossing.map((t, i) => tfl.input({ shape: t.shape.slice(1) as number[], dtype: t.dtype, name: `${name}__grad_crossing${i}` }));
  const feeds = new Map<number, Sym>([[activation.id, a], ...crossing.map((t, i): [number, Sym] => [t.id, cross[i]!])]);
  return tfl.model({ inputs: [a, ...cross], outputs: replay({ ...graph, substitutes }, after, feeds).get(graph.logits.id)! });
}
