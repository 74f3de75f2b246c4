// Small named-layer helpers shared by the builders. Each returns the symbolic output of one new layer.
import * as tfl from '@tensorflow/tfjs-layers';
import type { ResolvedOptions, WeightInit } from '../options.js';

export type ST = tfl.SymbolicTensor;
type Layer = tfl.layers.Layer;
type Padding = 'valid' | 'same';

/** Applies `layer` to symbolic input(s) and returns its single symbolic output. */
export function apply(layer: Layer, x: ST | ST[]): ST {
  return layer.apply(x) as ST;
}

/** The image input, named as Keras 2 names a model's first auto-named Input. */
export function imageInput(opts: ResolvedOptions, name = 'input_1'): ST {
  return tfl.input({ shape: [...opts.inputShape], name });
}

export interface ConvSpec {
  filters: number;
  kernelSize: number;
  strides?: number;
  padding?: Padding;
  useBias?: boolean;
  activation?: 'relu' | 'linear';
}

export function conv2d(x: ST, name: string, init: WeightInit, spec: ConvSpec): ST {
  const useBias = spec.useBias ?? true;
  return apply(
    tfl.layers.conv2d({
      name,
      filters: spec.filters,
      kernelSize: spec.kernelSize,
      strides: spec.strides ?? 1,
      padding: spec.padding ?? 'valid',
      useBias,
      activation: spec.activation ?? 'linear',
      kernelInitializer: init.kernel(),
      ...(useBias ? { biasInitializer: init.bias() } : {}),
    }),
    x,
  );
}

/** BatchNormalization over the channel axis. Keras applications use epsilon 1.001e-5; torchvision 1e-5. */
export function batchNorm(x: ST, name: string, epsilon: number, momentum = 0.99): ST {
  return apply(tfl.layers.batchNormalization({ name, axis: -1, epsilon, momentum }), x);
}

export function activation(x: ST, name: string, fn: 'relu' | 'linear' | 'gelu'): ST {
  return apply(tfl.layers.activation({ name, activation: fn }), x);
}

export function zeroPad(x: ST, name: string, pad: number): ST {
  return apply(tfl.layers.zeroPadding2d({ name, padding: [[pad, pad], [pad, pad]] }), x);
}

export function maxPool(x: ST, name: string, poolSize: number, strides: number): ST {
  return apply(tfl.layers.maxPooling2d({ name, poolSize, strides, padding: 'valid' }), x);
}

export function dense(x: ST, name: string, init: WeightInit, units: number, fn: 'relu' | 'linear' | 'softmax' = 'linear'): ST {
  return apply(
    tfl.layers.dense({ name, units, activation: fn, kernelInitializer: init.kernel(), biasInitializer: init.bias() }),
    x,
  );
}

export function layerNorm(x: ST, name: string, epsilon = 1e-6): ST {
  return apply(tfl.layers.layerNormalization({ name, axis: -1, epsilon }), x);
}

/** Keras applications' top: `GlobalAveragePooling2D(name='avg_pool')` then `Dense(classes, name='predictions')`. */
export function gapClassifier(x: ST, opts: ResolvedOptions, gapName = 'avg_pool', denseName = 'predictions'): ST {
  const pooled = apply(tfl.layers.globalAveragePooling2d({ name: gapName }), x);
  return dense(pooled, denseName, opts.init, opts.classes, opts.classifierActivation);
}
