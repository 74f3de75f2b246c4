import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { keras3LayerName } from './keras-names.js';

type Layer = tfl.LayersModel['layers'][number];

export interface LoadKerasWeightsOptions {
  /** Throw unless every weight of the model is assigned and every given tensor is used. Default true. */
  strict?: boolean;
}

export interface LoadKerasWeightsReport {
  /** Number of model weights written. */
  assigned: number;
  /** Model weights (tfjs `originalName`) no tensor was given for; they keep their values. */
  missing: string[];
  /** Keys of `weights` that matched no weight of the model. */
  unused: string[];
}

/** Leaf layers of a model, looking inside nested models (ConvNeXt's stem and downsampling Sequentials). */
function leafLayers(layers: readonly Layer[]): Layer[] {
  return layers.flatMap((l) => ('layers' in l && Array.isArray(l.layers) ? leafLayers(l.layers as Layer[]) : [l]));
}

function shortName(v: tfl.LayerVariable): string {
  return v.originalName.slice(v.originalName.lastIndexOf('/') + 1);
}

/**
 * Writes weights exported from Keras into a model from this package, matching them by layer name.
 *
 * `weights` maps `<layer>/<weight>` to a tensor, as Keras 2 HDF5 files and `tensorflowjs_converter` name
 * them, e.g. `conv5_block3_3_conv/kernel`, `conv1/conv/kernel`, `block5_bn4/moving_variance`. Accepted
 * variations: a `:0` suffix; Keras 3 layer names (`conv1_conv` for `conv1/conv`); an outer model prefix
 * (`convnext_tiny_stem/convnext_tiny_stem_conv/kernel`); a ConvNeXt depthwise conv given as Keras's grouped
 * `Conv2D` (`kernel`, `[7, 7, 1, C]`, reshaped to our `depthwise_kernel` `[7, 7, C, 1]`); and a `LayerScale`'s
 * single weight under any name (Keras does not name it). Non-float32 tensors are cast.
 *
 * All-or-nothing: everything is checked (names, shapes, duplicates and, when strict, completeness) before any
 * weight is written. The caller keeps ownership of the given tensors (they may be disposed afterwards).
 */
export function loadKerasWeights(
  model: tfl.LayersModel,
  weights: tf.NamedTensorMap,
  options: LoadKerasWeightsOptions = {},
): LoadKerasWeightsReport {
  const strict = options.strict ?? true;
  const byName = new Map<string, Layer>();
  for (const layer of leafLayers(model.layers)) {
    const key = keras3LayerName(layer.name);
    if (byName.has(key)) throw new Error(`loadKerasWeights: two layers are named '${key}' (after '/' → '_')`);
    byName.set(key, layer);
  }
  const findLayer = (path: string): Layer | undefined => {
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const layer = byName.get(keras3LayerName(parts.slice(i).join('/')));
      if (layer !== undefined) return layer;
    }
    return undefined;
  };

  const plan = new Map<tfl.LayerVariable, { key: string; value: tf.Tensor; reshape: boolean }>();
  const unused: string[] = [];
  for (const [key, value] of Object.entries(weights)) {
    const k = key.replace(/:\d+$/, '');
    const slash = k.lastIndexOf('/');
    const layer = slash > 0 ? findLayer(k.slice(0, slash)) : undefined;
    if (layer === undefined) {
      unused.push(key);
      continue;
    }
    const wName = k.slice(slash + 1);
    const vars = layer.weights;
    const target =
      vars.find((v) => shortName(v) === wName) ??
      vars.find((v) => wName === 'kernel' && shortName(v) === 'depthwise_kernel') ??
      (layer.getClassName() === 'LayerScale' && vars.length === 1 ? vars[0] : undefined);
    if (target === undefined) {
      unused.push(key);
      continue;
    }
    const prior = plan.get(target);
    if (prior !== undefined) {
      throw new Error(`loadKerasWeights: '${key}' and '${prior.key}' both map to ${target.originalName}`);
    }
    const targetShape = target.shape as number[];
    const same = tf.util.arraysEqual(value.shape, targetShape);
    const [kh, kw, one, c] = value.shape;
    const depthwise =
      !same && shortName(target) === 'depthwise_kernel' && value.rank === 4 && one === 1 &&
      tf.util.arraysEqual([kh, kw, c, 1], targetShape);
    if (!same && !depthwise) {
      throw new Error(
        `loadKerasWeights: '${key}' has shape [${value.shape.join(', ')}], ${target.originalName} needs [${target.shape.join(', ')}]`,
      );
    }
    plan.set(target, { key, value, reshape: depthwise });
  }

  const missing = model.weights.filter((v) => !plan.has(v)).map((v) => v.originalName);
  if (strict && (missing.length > 0 || unused.length > 0)) {
    const list = (xs: string[]) => xs.slice(0, 5).join(', ') + (xs.length > 5 ? `, … (${xs.length})` : '');
    throw new Error(
      `loadKerasWeights: ${missing.length} model weight(s) not given${missing.length ? ` (${list(missing)})` : ''}, ` +
        `${unused.length} tensor(s) unused${unused.length ? ` (${list(unused)})` : ''}; pass {strict: false} to allow`,
    );
  }
  for (const [target, { value, reshape }] of plan) {
    tf.tidy(() => {
      let v = value.dtype === 'float32' ? value : tf.cast(value, 'float32');
      if (reshape) v = tf.reshape(v, target.shape as number[]);
      target.write(v);
    });
  }
  return { assigned: plan.size, missing, unused };
}
