import * as tfl from '@tensorflow/tfjs-layers';
import { type BuilderOptions, type ResolvedOptions, resolveOptions } from '../options.js';
import { type ST, activation, apply, batchNorm, conv2d, gapClassifier, imageInput, maxPool, zeroPad } from './blocks.js';

const BN_EPS = 1.001e-5;
const GROWTH_RATE = 32;
/** Dense layers per dense block of DenseNet-201. */
export const DENSENET201_BLOCKS: readonly number[] = [6, 12, 48, 32];

/** Keras `densenet.conv_block`: BN-ReLU-1×1 conv (4k) - BN-ReLU-3×3 conv (k), concatenated to the input. */
function convBlock(x: ST, name: string, opts: ResolvedOptions): ST {
  let y = batchNorm(x, `${name}_0_bn`, BN_EPS);
  y = activation(y, `${name}_0_relu`, 'relu');
  y = conv2d(y, `${name}_1_conv`, opts.init, { filters: 4 * GROWTH_RATE, kernelSize: 1, useBias: false });
  y = batchNorm(y, `${name}_1_bn`, BN_EPS);
  y = activation(y, `${name}_1_relu`, 'relu');
  y = conv2d(y, `${name}_2_conv`, opts.init, { filters: GROWTH_RATE, kernelSize: 3, padding: 'same', useBias: false });
  return apply(tfl.layers.concatenate({ name: `${name}_concat`, axis: -1 }), [x, y]);
}

/** Keras `densenet.transition_block` with reduction 0.5. */
function transitionBlock(x: ST, name: string, opts: ResolvedOptions): ST {
  const channels = x.shape[x.shape.length - 1] as number;
  let y = batchNorm(x, `${name}_bn`, BN_EPS);
  y = activation(y, `${name}_relu`, 'relu');
  y = conv2d(y, `${name}_conv`, opts.init, { filters: Math.trunc(channels * 0.5), kernelSize: 1, useBias: false });
  return apply(tfl.layers.averagePooling2d({ name: `${name}_pool`, poolSize: 2, strides: 2, padding: 'valid' }), y);
}

/**
 * DenseNet-201 with the layers and layer names of Keras 2's `tf.keras.applications.DenseNet201`
 * (`include_top=True`), randomly initialised (see {@link BuilderOptions.weights}).
 *
 * Layers: `zero_padding2d`, `conv1/conv`, `conv1/bn`, `conv1/relu`, `zero_padding2d_1`, `pool1`; dense blocks
 * `conv{2..5}_block{i}_{0_bn,0_relu,1_conv,1_bn,1_relu,2_conv,concat}` (6, 12, 48, 32 layers) separated by
 * transitions `pool{2..4}_{bn,relu,conv,pool}`; then `bn`, `relu`, `avg_pool`, `predictions`.
 * 20,242,984 parameters at 1000 classes (20,013,928 trainable + 229,056 BatchNorm moving statistics),
 * independent of the input size.
 *
 * Names: the three stem layers keep Keras 2's slash (`conv1/conv`: tfjs-layers accepts `/` in layer names).
 * Keras 3 renamed them `conv1_conv`, `conv1_bn`, `conv1_relu` (see `keras3LayerName`); `loadKerasWeights`
 * accepts either. The two ZeroPadding2D layers are unnamed in Keras; `zero_padding2d` and `zero_padding2d_1`
 * are the names Keras gives them in a fresh session.
 * Differs from Keras: input layer named `input_1`; default `classifierActivation` is `'linear'`.
 * Same structure as torchvision `densenet201` (the paper's model; its BN epsilon is 1e-5): the paper's
 * `features.denseblock4.denselayer32.conv2` is `conv5_block32_2_conv` and `features.norm5` is `bn`.
 * Keras's ImageNet weights expect `densenet.preprocess_input` ("torch" mode) outside the model.
 *
 * Minimum input 32×32.
 */
export function buildDenseNet201(options: BuilderOptions = {}): tfl.LayersModel {
  const opts = resolveOptions('buildDenseNet201', options);
  const input = imageInput(opts);
  let x = zeroPad(input, 'zero_padding2d', 3);
  x = conv2d(x, 'conv1/conv', opts.init, { filters: 64, kernelSize: 7, strides: 2, useBias: false });
  x = batchNorm(x, 'conv1/bn', BN_EPS);
  x = activation(x, 'conv1/relu', 'relu');
  x = zeroPad(x, 'zero_padding2d_1', 1);
  x = maxPool(x, 'pool1', 3, 2);
  DENSENET201_BLOCKS.forEach((layers, b) => {
    for (let i = 1; i <= layers; i++) x = convBlock(x, `conv${b + 2}_block${i}`, opts);
    if (b < DENSENET201_BLOCKS.length - 1) x = transitionBlock(x, `pool${b + 2}`, opts);
  });
  x = batchNorm(x, 'bn', BN_EPS);
  x = activation(x, 'relu', 'relu');
  const output = gapClassifier(x, opts);
  return tfl.model({ inputs: input, outputs: output, name: 'densenet201' });
}
