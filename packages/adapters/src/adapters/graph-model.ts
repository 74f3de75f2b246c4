import * as tf from '@tensorflow/tfjs-core';
import type * as tfc from '@tensorflow/tfjs-converter';
import { SaliencyError, defineModelAdapter, type BodyOutput, type ModelAdapter, type ModelMeta, type ModelSplit } from '@saliency/core';
import { checkInput, modelOptionsSchema, requirePath, type ModelFileOptions } from '../util/adapter-common.js';
import { autodiffClassGradients } from '../util/class-gradients.js';
import { partitionGraph, readGraphTopology } from '../util/graph-topology.js';
import { notSpatial, suggestSpatial, unknownLayer } from '../util/layer-errors.js';

export interface GraphModelAdapterOptions {
  /** `meta.id`; defaults to `graph-model`. */
  readonly id?: string;
  readonly source?: string;
  /** `[H, W, C]` when the input placeholder leaves them unknown (-1). */
  readonly inputShape?: readonly [number, number, number];
}

const toList = (t: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(t) ? t : [t]);

/**
 * A {@link ModelAdapter} over a tfjs-converter `GraphModel`. "Layers" are the graph's nodes computed from the input.
 * A split at node S runs `execute(x, [S, ...crossing])` as the body and `execute({S: A, ...crossing}, logits)` as the
 * head, where crossing are the nodes before S that nodes after S read (skip connections): executing from an
 * internal node fails with "Missing the following inputs" unless they are fed too. A trailing Softmax (possibly
 * behind Identity nodes) is skipped, so predict and heads return logits. The adapter owns the model.
 */
export function createGraphModelAdapter(model: tfc.GraphModel, options: GraphModelAdapterOptions = {}): ModelAdapter {
  const id = options.id ?? 'graph-model';
  const declared = model.inputs[0]?.shape?.slice(1) ?? [];
  const inputShape = options.inputShape ?? declared;
  if (inputShape.length !== 3 || inputShape.some((d) => !(d > 0))) {
    throw new SaliencyError('SALIENCY_UNSUPPORTED', `Graph model "${id}" declares input shape [${declared.join(', ')}]; pass inputShape [H, W, C] for an image input`);
  }
  const topo = readGraphTopology(model, id, inputShape);
  const logitsInfo = topo.infos.find((l) => l.name === topo.logitsName)!;
  if (logitsInfo.outputShape.length !== 2) {
    throw new SaliencyError('SALIENCY_UNSUPPORTED', `Graph model "${id}": output "${topo.logitsName}" has shape [${logitsInfo.outputShape.join(', ')}], not [B, N] logits`);
  }
  const meta: ModelMeta = {
    id,
    format: 'graph-model',
    inputShape: [...inputShape] as [number, number, number],
    numClasses: logitsInfo.outputShape[1]!,
    outputActivation: topo.outputActivation,
    ...(options.source ? { source: options.source } : {}),
  };
  const byName = new Map(topo.infos.map((l) => [l.name, l]));
  const suggested = suggestSpatial(topo.infos);
  const splits = new Map<string, ModelSplit>();
  let disposed = false;
  const alive = (): void => {
    if (disposed) throw new SaliencyError('SALIENCY_UNSUPPORTED', `Model adapter "${id}" was disposed`);
  };

  const makeSplit = (name: string): ModelSplit => {
    const node = topo.nodes.find((n) => n.name === name)!;
    if (!topo.needed.has(node) || node.name === topo.logitsName) {
      throw new SaliencyError('SALIENCY_UNSUPPORTED', `Cannot split graph model "${id}" at "${name}": the logits do not depend on it`, { layer: name });
    }
    const { crossing } = partitionGraph(topo, node);
    // Shape tensors and other unbatched values cross as they are; image-batched float tensors are repeated.
    const batched = crossing.map((c) => topo.dtypes.get(c.replace(/:\d+$/, '')) === 'float32' && (byName.get(c)?.outputShape.length ?? 4) >= 2);
    const [, h, w, c] = byName.get(name)!.outputShape as [null, number, number, number];
    const head = (a: tf.Tensor4D, cross: readonly tf.Tensor[]): tf.Tensor2D =>
      tf.tidy(() => {
        const feeds: tf.NamedTensorMap = { [name]: a };
        crossing.forEach((n, i) => (feeds[n] = cross[i]!));
        return model.execute(feeds, topo.logitsName) as tf.Tensor2D;
      });
    return {
      layer: name,
      activationShape: [h, w, c],
      crossingNames: crossing,
      body: (x) => {
        // As predict: a convolutional graph would run on any image size and yield a map of the wrong size.
        checkInput(id, meta.inputShape, x);
        return tf.tidy(() => {
          // The executor hands fed tensors back as outputs; the caller owns (and disposes) the body, so copy them.
          const out = toList(model.execute({ [topo.inputName]: x }, [name, ...crossing])).map((t) => (t === x ? tf.clone(t) : t));
          return { activation: out[0] as tf.Tensor4D, crossing: out.slice(1) };
        }) as BodyOutput;
      },
      head,
      classGradients: (b, classes) => autodiffClassGradients(head, b, classes, meta.numClasses, batched),
    };
  };

  return {
    meta,
    layers: () => topo.infos,
    suggestedLayers: () => suggested,
    predict(input) {
      alive();
      checkInput(id, meta.inputShape, input);
      return tf.tidy(() => model.execute({ [topo.inputName]: input }, topo.logitsName) as tf.Tensor2D);
    },
    split(layer) {
      alive();
      const hit = splits.get(layer);
      if (hit) return hit;
      const info = byName.get(layer);
      if (!info) throw unknownLayer(id, layer, topo.infos);
      if (!info.spatial) throw notSpatial(id, info, suggested);
      const split = makeSplit(layer);
      splits.set(layer, split);
      return split;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      splits.clear();
      model.dispose();
    },
  };
}

export type GraphModelOptions = ModelFileOptions;

export const graphModel = defineModelAdapter<GraphModelOptions>({
  id: 'graph-model',
  displayName: 'TF.js GraphModel',
  description: 'A tfjs-converter model.json (frozen TensorFlow graph) split at any internal node, skip connections included.',
  requires: ['gradients', 'layer-activations', 'logits'],
  optionsSchema: modelOptionsSchema,
  defaultOptions: {},
  async create(options) {
    const { loadModel } = await import('../load.js');
    return loadModel(requirePath('adapters/graph-model', options), { format: 'graph-model', ...(options.id ? { id: options.id } : {}) });
  },
});
