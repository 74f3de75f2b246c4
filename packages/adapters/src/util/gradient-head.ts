import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { replay, type Layer, type LayersGraph, type Step, type Sym } from './layers-graph.js';

/**
 * A Dense layer recomputed from its weights for differentiation: `matMul` + bias `add` + its activation. Two reasons:
 * - a linear Dense runs, under `tf.grad`, as a fused matMul whose `customGrad` always computes the kernel's gradient
 *   too (an `[in, out]` BatchMatMul per call); separate ops let the tape prune what is not a function of A;
 * - the input gradient `dy · Wᵀ` is made as `(W · dyᵀ)ᵀ`: wasm runs `matMul(dy, W, false, true)` outside its fast
 *   (XNNPACK) path, ~13× slower (4.5 s of a 7.5 s ConvNeXt-Tiny head backward), and transposing W itself costs a
 *   copy of the kernel (VGG's fc1: 102 M values), while dy and the result are small (rows × units).
 * Shares the Dense's weights (read at call time) and is used only in the head that class gradients differentiate.
 */
class UnfusedDense extends tfl.layers.Layer {
  static className = 'SaliencyUnfusedDense';
  private readonly activation: Layer | null;

  constructor(private readonly dense: Layer) {
    super({ name: `${dense.name}__unfused`, trainable: false });
    const fn = (dense.getConfig() as { activation?: string }).activation ?? 'linear';
    // tfjs-layers' own Activation layer applies the same activation function the Dense would.
    this.activation = fn === 'linear' ? null : tfl.layers.activation({ activation: fn as 'relu' });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return this.dense.computeOutputShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [kernel, bias] = this.dense.getWeights() as [tf.Tensor2D, tf.Tensor | undefined];
      // The kernel is closed over, not an input: no gradient is ever formed for it.
      const project = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
        value: tf.matMul(args[0] as tf.Tensor2D, kernel) as tf.Tensor,
        gradFunc: (dy: tf.Tensor) => tf.transpose(tf.matMul(kernel, tf.transpose(dy as tf.Tensor2D))),
      }));
      const flat = project(tf.reshape(x, [-1, x.shape[x.rank - 1]!]));
      const y = tf.reshape(flat, [...x.shape.slice(0, -1), kernel.shape[1]]);
      const biased = bias ? tf.add(y, bias) : y;
      return this.activation ? (this.activation.apply(biased) as tf.Tensor) : biased;
    });
  }
}

/** The head re-applied with every Dense replaced by an {@link UnfusedDense}, on fresh inputs; null without a Dense. */
export function gradientHeadModel(graph: LayersGraph, name: string, after: readonly Step[], activation: Sym, crossing: readonly Sym[]): tfl.LayersModel | null {
  const substitutes = new Map(graph.substitutes);
  for (const s of after) {
    const layer = substitutes.get(s.layer) ?? s.layer;
    if (layer.getClassName() === 'Dense') substitutes.set(s.layer, new UnfusedDense(layer));
  }
  if (substitutes.size === graph.substitutes.size && [...substitutes].every(([k, v]) => graph.substitutes.get(k) === v)) return null;
  const a = tfl.input({ shape: activation.shape.slice(1) as number[], name: `${name}__grad_activation` });
  const cross = crossing.map((t, i) => tfl.input({ shape: t.shape.slice(1) as number[], dtype: t.dtype, name: `${name}__grad_crossing${i}` }));
  const feeds = new Map<number, Sym>([[activation.id, a], ...crossing.map((t, i): [number, Sym] => [t.id, cross[i]!])]);
  return tfl.model({ inputs: [a, ...cross], outputs: replay({ ...graph, substitutes }, after, feeds).get(graph.logits.id)! });
}
