import * as tf from '@tensorflow/tfjs-core';
import type * as tfc from '@tensorflow/tfjs-converter';
import { SaliencyError, type LayerInfo } from '@saliency/core';

/** The parts of tfjs-converter's (internal) graph node used here. */
export interface GraphNode {
  readonly name: string;
  readonly op: string;
  readonly inputNames: readonly string[];
  readonly inputs: readonly GraphNode[];
  readonly children: readonly GraphNode[];
}

/** Ops that pass their input through unchanged; walked over when looking for a softmax output. */
const PASS_THROUGH = new Set(['Identity', 'StopGradient', 'Snapshot']);

export interface GraphTopology {
  readonly inputName: string;
  /** Node whose output is the logits: the output, or the input of a trailing Softmax. */
  readonly logitsName: string;
  readonly outputActivation: 'linear' | 'softmax';
  /** Every node computed from the input, topological order (constants excluded). */
  readonly nodes: readonly GraphNode[];
  /** Nodes the logits depend on. */
  readonly needed: ReadonlySet<GraphNode>;
  readonly infos: readonly LayerInfo[];
  readonly dtypes: ReadonlyMap<string, string>;
}

/** `name:0` → `name`; other output indices are kept (`split:1`). Control inputs (`^name`) lose their caret. */
export const tensorName = (input: string): string => input.replace(/^\^/, '').replace(/:0$/, '');
const nodeName = (input: string): string => input.replace(/^\^/, '').replace(/:\d+$/, '');

/** Reads the graph the converter built (`executor.graph`: not public API, but stable across 3.x/4.x). */
export function readGraphTopology(model: tfc.GraphModel, modelId: string, inputShape: readonly number[]): GraphTopology {
  const graph = (model as unknown as { executor: { graph: { nodes: Record<string, GraphNode> } } }).executor.graph;
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new SaliencyError('SALIENCY_UNSUPPORTED', `Graph model "${modelId}" has ${model.inputs.length} inputs and ${model.outputs.length} outputs; one image input and one logits output are supported`);
  }
  const inputName = nodeName(model.inputs[0]!.name);
  // Kahn's algorithm from the input node: exactly the nodes computed from the image, in a topological order.
  const fromInput = new Set<GraphNode>();
  const stack = [graph.nodes[inputName]!];
  while (stack.length) {
    const n = stack.pop()!;
    if (fromInput.has(n)) continue;
    fromInput.add(n);
    stack.push(...n.children);
  }
  const pending = new Map([...fromInput].map((n) => [n, n.inputs.filter((i) => fromInput.has(i)).length]));
  const nodes: GraphNode[] = [];
  const ready = [...fromInput].filter((n) => pending.get(n) === 0);
  while (ready.length) {
    const n = ready.shift()!;
    nodes.push(n);
    for (const c of new Set(n.children)) {
      const left = pending.get(c)! - n.children.filter((x) => x === c).length;
      pending.set(c, left);
      if (left === 0) ready.push(c);
    }
  }

  let logits = graph.nodes[nodeName(model.outputs[0]!.name)]!;
  let outputActivation: 'linear' | 'softmax' = 'linear';
  for (let n: GraphNode | undefined = logits; n; n = PASS_THROUGH.has(n.op) && n.inputs.length === 1 ? n.inputs[0] : undefined) {
    if (n.op === 'Softmax') {
      logits = n.inputs[0]!;
      outputActivation = 'softmax';
      break;
    }
  }
  const needed = new Set<GraphNode>();
  const back = [logits];
  while (back.length) {
    const n = back.pop()!;
    if (needed.has(n) || !fromInput.has(n)) continue;
    needed.add(n);
    back.push(...n.inputs);
  }

  // Output shapes: one execution on a zero image, every node as an output.
  const names = nodes.map((n) => n.name);
  const shapes = new Map<string, number[]>();
  const dtypes = new Map<string, string>();
  tf.tidy(() => {
    const out = model.execute(tf.zeros([1, ...inputShape]), names);
    (Array.isArray(out) ? out : [out]).forEach((t, i) => {
      shapes.set(names[i]!, t.shape);
      dtypes.set(names[i]!, t.dtype);
    });
  });
  const infos = nodes.map((n): LayerInfo => {
    const s = shapes.get(n.name)!;
    return {
      name: n.name,
      className: n.op,
      outputShape: s.length >= 2 ? [null, ...s.slice(1)] : s,
      spatial: s.length === 4,
      inbound: n.inputs.filter((i) => fromInput.has(i)).map((i) => i.name),
    };
  });
  return { inputName, logitsName: logits.name, outputActivation, nodes, needed, infos, dtypes };
}

/** The nodes after `split` that the logits need, and the earlier tensors they read (skip connections). */
export function partitionGraph(topo: GraphTopology, split: GraphNode): { crossing: string[] } {
  const after = new Set<GraphNode>();
  const stack = [...split.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (after.has(n) || !topo.needed.has(n)) continue;
    after.add(n);
    stack.push(...n.children);
  }
  const crossing: string[] = [];
  const fromInput = new Set(topo.nodes);
  for (const n of topo.nodes) {
    if (!after.has(n)) continue;
    n.inputNames.forEach((raw, i) => {
      const src = n.inputs[i];
      const name = tensorName(raw);
      if (raw.startsWith('^') || !src || src === split || after.has(src) || !fromInput.has(src) || crossing.includes(name)) return;
      crossing.push(name);
    });
  }
  return { crossing };
}
