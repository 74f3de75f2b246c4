import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SaliencyError, type LayerInfo } from '@saliency/core';

export type Layer = tfl.LayersModel['layers'][number];
type LayerNode = Layer['inboundNodes'][number];
export type Sym = tfl.SymbolicTensor;

/** One call of a layer inside the model (a Keras "node"), in topological order. */
export interface Step {
  readonly layer: Layer;
  readonly node: LayerNode;
  readonly inputs: readonly Sym[];
  readonly outputs: readonly Sym[];
}

/**
 * The model's own call graph, read from `nodesByDepth`/`containerNodes` rather than `layer.output`, which throws
 * once a layer has several inbound nodes (shared layers, or layers re-applied by an earlier split's head).
 */
export interface LayersGraph {
  readonly input: Sym;
  /** Symbolic logits: the output, or the input of a trailing softmax layer that is dropped. */
  readonly logits: Sym;
  readonly outputActivation: 'linear' | 'softmax';
  /** Steps computing the logits, topological order, input layer first. */
  readonly steps: readonly Step[];
  /** Every step of the model (also a dropped softmax), topological order. */
  readonly all: readonly Step[];
  /** Layers replaced when re-applied: a softmax Dense by a linear clone, BatchNorm without scale by one with gamma = 1. */
  readonly substitutes: ReadonlyMap<Layer, Layer>;
}

const className = (l: Layer): string => l.getClassName();
const isInput = (l: Layer): boolean => className(l) === 'InputLayer';
const cfg = (l: Layer): Record<string, unknown> => l.getConfig() as Record<string, unknown>;

function isSoftmaxLayer(l: Layer): boolean {
  const c = className(l);
  return (c === 'Activation' && cfg(l).activation === 'softmax') || (c === 'Softmax' && [-1, undefined].includes(cfg(l).axis as number));
}

/** Builds `layer` eagerly on a dummy batch of one and loads `weights` (shared storage with the originals). */
function buildWith(layer: Layer, inputShape: readonly (number | null)[], weights: tf.Tensor[]): Layer {
  tf.tidy(() => void layer.apply(tf.zeros([1, ...inputShape.slice(1).map((d) => d ?? 1)])));
  layer.setWeights(weights);
  return layer;
}

/** A Dense layer with the same kernel and bias and a linear activation: its output is the logits. */
function linearClone(dense: Layer, inputShape: readonly (number | null)[]): Layer {
  const c = cfg(dense);
  const clone = tfl.layers.dense({ units: c.units as number, useBias: c.useBias as boolean, activation: 'linear', name: `${dense.name}__logits` });
  return buildWith(clone, inputShape, dense.getWeights());
}

/**
 * BatchNormalization with `scale: false` (or `center: false`) crashes when differentiated (the fused kernel's
 * gradient reads the missing gamma/beta). The same normalisation with gamma = 1 and beta = 0 gives the same
 * forward values and a working gradient.
 */
function scaledBatchNorm(bn: Layer, inputShape: readonly (number | null)[]): Layer {
  const c = cfg(bn);
  const v = bn as unknown as Record<'gamma' | 'beta' | 'movingMean' | 'movingVariance', { read(): tf.Tensor } | null>;
  const mean = v.movingMean!.read();
  const clone = tfl.layers.batchNormalization({ axis: c.axis as number, epsilon: c.epsilon as number, center: true, scale: true, name: `${bn.name}__scaled` });
  const made = [tf.onesLike(mean), tf.zerosLike(mean)];
  buildWith(clone, inputShape, [v.gamma ? v.gamma.read() : made[0]!, v.beta ? v.beta.read() : made[1]!, mean, v.movingVariance!.read()]);
  tf.dispose(made);
  return clone;
}

export function readLayersGraph(model: tfl.LayersModel): LayersGraph {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new SaliencyError('SALIENCY_UNSUPPORTED', `Model "${model.name}" has ${model.inputs.length} inputs and ${model.outputs.length} outputs; one image input and one logits output are supported`);
  }
  const order = new Map(model.layers.map((l, i) => [l, i]));
  const depthOf: { node: LayerNode; depth: number }[] = [];
  for (const [d, nodes] of Object.entries(model.nodesByDepth)) for (const node of nodes) depthOf.push({ node, depth: Number(d) });
  // Higher depth = nearer the inputs; ties broken by the model's layer order, so the result is deterministic.
  depthOf.sort((a, b) => b.depth - a.depth || order.get(a.node.outboundLayer)! - order.get(b.node.outboundLayer)!);
  const all: Step[] = depthOf.map(({ node }) => ({ layer: node.outboundLayer, node, inputs: node.inputTensors, outputs: node.outputTensors }));

  let logits = model.outputs[0]!;
  let outputActivation: 'linear' | 'softmax' = 'linear';
  const substitutes = new Map<Layer, Layer>();
  const last = all.find((s) => s.outputs.some((o) => o.id === logits.id))!;
  if (isSoftmaxLayer(last.layer)) {
    logits = last.inputs[0]!;
    outputActivation = 'softmax';
  } else if (className(last.layer) === 'Dense' && cfg(last.layer).activation === 'softmax') {
    substitutes.set(last.layer, linearClone(last.layer, last.inputs[0]!.shape));
    outputActivation = 'softmax';
  }
  const steps = ancestors(all, logits);
  for (const s of steps) {
    if (className(s.layer) === 'BatchNormalization' && !substitutes.has(s.layer) && (cfg(s.layer).scale === false || cfg(s.layer).center === false)) {
      substitutes.set(s.layer, scaledBatchNorm(s.layer, s.inputs[0]!.shape));
    }
  }
  return { input: model.inputs[0]!, logits, outputActivation, steps, all, substitutes };
}

/** The steps `target` depends on, in topological order. */
export function ancestors(steps: readonly Step[], target: Sym): Step[] {
  const needed = new Set<number>([target.id]);
  const keep = new Set<Step>();
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (s.outputs.some((o) => needed.has(o.id))) {
      keep.add(s);
      for (const t of s.inputs) needed.add(t.id);
    }
  }
  return steps.filter((s) => keep.has(s));
}

/** Re-applies `steps` (same Layer objects, shared weights; substitutes where registered) to `feeds`. */
export function replay(graph: LayersGraph, steps: readonly Step[], feeds: ReadonlyMap<number, Sym>): Map<number, Sym> {
  const values = new Map(feeds);
  for (const s of steps) {
    if (isInput(s.layer) || s.outputs.every((o) => values.has(o.id))) continue;
    const ins = s.inputs.map((t) => values.get(t.id)!);
    const layer = graph.substitutes.get(s.layer) ?? s.layer;
    const out = layer.apply(ins.length === 1 ? ins[0]! : ins, s.node.callArgs ?? {}) as Sym | Sym[];
    (Array.isArray(out) ? out : [out]).forEach((o, i) => values.set(s.outputs[i]!.id, o));
  }
  return values;
}

/** One row per layer call (a layer called twice inside the model appears once, with its first call). */
export function layerInfos(graph: LayersGraph): LayerInfo[] {
  const seen = new Set<Layer>();
  return graph.all
    .filter((s) => !seen.has(s.layer) && seen.add(s.layer))
    .map((s) => ({
      name: s.layer.name,
      className: className(s.layer),
      outputShape: [...s.outputs[0]!.shape],
      spatial: s.outputs.length === 1 && s.outputs[0]!.shape.length === 4,
      inbound: s.node.inboundLayers.map((l) => l.name),
    }));
}

export { isInput };
