import * as tfl from '@tensorflow/tfjs-layers';
import { type ST, activation, apply, batchNorm, conv2d } from '../builders/blocks.js';
import type { ResolvedMini } from './common.js';
import { type MiniOptions, gapLogits, miniInput, resolveMini } from './common.js';

const BN_EPS = 1.001e-5;
/** Growth rate k: channels each dense layer adds. */
export const DENSENET_MINI_GROWTH = 12;
/** Dense layers per block (`conv2` … `conv4`), Keras DenseNet numbering. */
export const DENSENET_MINI_BLOCKS = [3, 4] as const;

/** Keras DenseNet `conv_block`: BN → ReLU → 1×1 conv (4k) → BN → ReLU → 3×3 conv (k) → concat with the input. */
function denseLayer(x: ST, name: string, opts: ResolvedMini): ST {
  let y = batchNorm(x, `${name}_0_bn`, BN_EPS);
  y = activation(y, `${name}_0_relu`, 'relu');
  y = conv2d(y, `${name}_1_conv`, opts.init, { filters: 4 * DENSENET_MINI_GROWTH, kernelSize: 1, useBias: false });
  y = batchNorm(y, `${name}_1_bn`, BN_EPS);
  y = activation(y, `${name}_1_relu`, 'relu');
  y = conv2d(y, `${name}_2_conv`, opts.init, { filters: DENSENET_MINI_GROWTH, kernelSize: 3, padding: 'same', useBias: false });
  return apply(tfl.layers.concatenate({ name: `${name}_concat`, axis: -1 }), [x, y]);
}

/** Keras DenseNet `transition_block`: BN → ReLU → 1×1 conv (half the channels) → 2×2 average pool. */
function transition(x: ST, name: string, opts: ResolvedMini): ST {
  const channels = x.shape[x.shape.length - 1] as number;
  let y = batchNorm(x, `${name}_bn`, BN_EPS);
  y = activation(y, `${name}_relu`, 'relu');
  y = conv2d(y, `${name}_conv`, opts.init, { filters: Math.floor(channels / 2), kernelSize: 1, useBias: false });
  return apply(tfl.layers.averagePooling2d({ name: `${name}_pool`, poolSize: 2, strides: 2 }), y);
}

/**
 * A DenseNet-style net (Keras DenseNet layer names, Keras 3 spelling `conv1_conv`): `conv1_conv` (3×3, stride 2,
 * 24, no bias) → `conv1_bn` → `conv1_relu` at h/2; dense block `conv2` (3 layers, growth 12: 24 → 60 channels),
 * transition `pool2` (BN, ReLU, 1×1 conv to 30, 2×2 average pool) to h/4, dense block `conv3` (4 layers: 30 → 78);
 * the last block ends with a concatenation (`conv3_block4_concat`), then the final norm `bn` → `relu` → `avg_pool` →
 * `predictions`. As in the paper's Table II ablation both a sparse last conv (`conv3_block4_2_conv`, the 12 new
 * channels; counterpart of DenseNet-201's `conv5_block32_2_conv`) and a final norm layer over every channel (`bn`,
 * counterpart of `norm5`) exist. 56,960 parameters.
 */
export function buildDenseNetMini(options: MiniOptions = {}): tfl.LayersModel {
  const opts = resolveMini('buildDenseNetMini', options);
  const input = miniInput(opts);
  let x = conv2d(input, 'conv1_conv', opts.init, { filters: 2 * DENSENET_MINI_GROWTH, kernelSize: 3, strides: 2, padding: 'same', useBias: false });
  x = batchNorm(x, 'conv1_bn', BN_EPS);
  x = activation(x, 'conv1_relu', 'relu');
  DENSENET_MINI_BLOCKS.forEach((layers, i) => {
    const stage = i + 2;
    for (let l = 0; l < layers; l++) x = denseLayer(x, `conv${stage}_block${l + 1}`, opts);
    if (i < DENSENET_MINI_BLOCKS.length - 1) x = transition(x, `pool${stage}`, opts);
  });
  x = batchNorm(x, 'bn', BN_EPS);
  x = activation(x, 'relu', 'relu');
  return tfl.model({ inputs: input, outputs: gapLogits(x, opts), name: 'densenet_mini' });
}
