import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SaliencyError, defineModelAdapter, type LayerInfo, type ModelAdapter, type ModelMeta } from '@saliency/core';
import { checkInput, modelOptionsSchema, requirePath, type ModelFileOptions } from '../util/adapter-common.js';
import { notSpatial, suggestSpatial, unknownLayer } from '../util/layer-errors.js';
import { layerInfos, readLayersGraph, replay, type Sym } from '../util/layers-graph.js';
import { buildLayersSplit, type LayersModelSplit } from '../util/layers-split.js';

export type { LayersModelSplit };

export interface LayersModelAdapterOptions {
  /** `meta.id`; defaults to the model's name. */
  readonly id?: string;
  /** Where the model came from (`meta.source`). */
  readonly source?: string;
  /**
   * Compute class gradients by autodiff even where the head is GAP → Dense (closed form `W[:, c] / (h·w)`) or
   * per-channel layers → GAP → Dense (one backward pass for all classes). Only useful to check they agree.
   */
  readonly forceAutodiff?: boolean;
}

/**
 * A {@link ModelAdapter} over a tfjs-layers `LayersModel` (functional DAG or Sequential) with one image input and one
 * output. A softmax output (a Dense with softmax activation, or a trailing Activation/Softmax layer) is undone so
 * `predict` and every head return logits. The adapter takes ownership of the model: `dispose()` frees its weights.
 */
export function createLayersModelAdapter(model: tfl.LayersModel, options: LayersModelAdapterOptions = {}): ModelAdapter {
  const graph = readLayersGraph(model);
  const id = options.id ?? model.name;
  const inShape = graph.input.shape;
  const outShape = graph.logits.shape;
  if (inShape.length !== 4 || inShape.slice(1).some((d) => d == null) || outShape.length !== 2 || outShape[1] == null) {
    throw new SaliencyError('SALIENCY_UNSUPPORTED', `Model "${id}" maps [${inShape.join(', ')}] to [${outShape.join(', ')}]; an image classifier [B, H, W, C] → [B, N] is needed`);
  }
  const meta: ModelMeta = {
    id,
    format: 'layers-model',
    inputShape: inShape.slice(1) as [number, number, number],
    numClasses: outShape[1],
    outputActivation: graph.outputActivation,
    ...(options.source ? { source: options.source } : {}),
  };
  const infos = layerInfos(graph);
  const byName = new Map(infos.map((l) => [l.name, l]));
  const suggested = suggestSpatial(infos);
  // predict re-applies the layers to a fresh input, so softmax removal and BatchNorm substitutes apply here too.
  const fresh = tfl.input({ shape: [...meta.inputShape], name: `${id.replace(/[^\w.-]/g, '_')}__input` });
  const logitsModel = tfl.model({ inputs: fresh, outputs: replay(graph, graph.steps, new Map<number, Sym>([[graph.input.id, fresh]])).get(graph.logits.id)! });
  const splits = new Map<string, LayersModelSplit>();
  let disposed = false;
  const alive = (): void => {
    if (disposed) throw new SaliencyError('SALIENCY_UNSUPPORTED', `Model adapter "${id}" was disposed`);
  };

  return {
    meta,
    layers: (): readonly LayerInfo[] => infos,
    suggestedLayers: () => suggested,
    predict(input) {
      alive();
      checkInput(id, meta.inputShape, input);
      return tf.tidy(() => logitsModel.apply(input) as tf.Tensor2D);
    },
    split(layer) {
      alive();
      const hit = splits.get(layer);
      if (hit) return hit;
      const info = byName.get(layer);
      if (!info) throw unknownLayer(id, layer, infos);
      if (!info.spatial) throw notSpatial(id, info, suggested);
      const built = buildLayersSplit(graph, layer, { modelId: id, numClasses: meta.numClasses, forceAutodiff: options.forceAutodiff ?? false });
      // A fully convolutional body would run on any image size and yield a map of the wrong size: refuse instead.
      const split: LayersModelSplit = { ...built, body: (x) => (checkInput(id, meta.inputShape, x), built.body(x)) };
      splits.set(layer, split);
      return split;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      splits.clear();
      // Variables, not containers: LayersModel refcounts count symbolic calls, and the splits added some.
      const layers = new Set([...model.layers, ...graph.substitutes.values()]);
      for (const l of layers) {
        for (const w of l.weights) {
          try {
            w.dispose();
          } catch {
            // Already disposed by its owner (LayerVariable has no isDisposed).
          }
        }
      }
    },
  };
}

export type LayersModelOptions = ModelFileOptions;

export const layersModel = defineModelAdapter<LayersModelOptions>({
  id: 'layers-model',
  displayName: 'TF.js LayersModel',
  description: 'A tfjs-layers model.json (Keras-style functional or sequential) split at any named layer, skip connections included.',
  requires: ['gradients', 'layer-activations', 'logits'],
  optionsSchema: modelOptionsSchema,
  defaultOptions: {},
  async create(options) {
    const { loadModel } = await import('../load.js');
    return loadModel(requirePath('adapters/layers-model', options), { format: 'layers-model', ...(options.id ? { id: options.id } : {}) });
  },
});
