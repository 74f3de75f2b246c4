import * as tfl from '@tensorflow/tfjs-layers';
import { type ST, activation, apply, batchNorm, conv2d } from '../builders/blocks.js';
import type { ResolvedMini } from './common.js';
import { type MiniOptions, gapLogits, miniInput, resolveMini } from './common.js';

const BN_EPS = 1.001e-5;

/** `[filters, blocks, first stride]` per stage, named `conv2` … `conv4` as Keras's ResNet stages. */
export const RESNET_MINI_STAGES = [
  [32, 1, 1],
  [64, 2, 2],
] as const;

/** A basic (two 3×3 convs) residual block with Keras ResNet names `conv{s}_block{b}_{0,1,2}_{conv,bn,relu}`, `_add`, `_out`. */
function basicBlock(x: ST, filters: number, stride: number, name: string, opts: ResolvedMini): ST {
  const inChannels = x.shape[x.shape.length - 1];
  let shortcut = x;
  if (stride !== 1 || inChannels !== filters) {
    shortcut = conv2d(x, `${name}_0_conv`, opts.init, { filters, kernelSize: 1, strides: stride });
    shortcut = batchNorm(shortcut, `${name}_0_bn`, BN_EPS);
  }
  let y = conv2d(x, `${name}_1_conv`, opts.init, { filters, kernelSize: 3, strides: stride, padding: 'same' });
  y = batchNorm(y, `${name}_1_bn`, BN_EPS);
  y = activation(y, `${name}_1_relu`, 'relu');
  y = conv2d(y, `${name}_2_conv`, opts.init, { filters, kernelSize: 3, padding: 'same' });
  y = batchNorm(y, `${name}_2_bn`, BN_EPS);
  y = apply(tfl.layers.add({ name: `${name}_add` }), [shortcut, y]);
  return activation(y, `${name}_out`, 'relu');
}

/**
 * A ResNet-style residual net with BatchNorm (ResNet-18-like basic blocks, Keras ResNet layer names):
 * `conv1_conv` (3×3, stride 2, 32) → `conv1_bn` → `conv1_relu` at h/2, stages `conv2` (32, 1 block) and `conv3`
 * (64, 2 blocks, the first with stride 2 and a projection shortcut `conv3_block1_0_conv`) at h/4, `avg_pool`,
 * `predictions`. The last block's second conv `conv3_block2_2_conv` (before its BN, the add and the ReLU) is the
 * counterpart of the paper's ResNet-50 layer (`conv5_block3_3_conv`); `conv3_block2_out` is the conventional
 * Grad-CAM layer. 152,968 parameters.
 */
export function buildResNetMini(options: MiniOptions = {}): tfl.LayersModel {
  const opts = resolveMini('buildResNetMini', options);
  const input = miniInput(opts);
  let x = conv2d(input, 'conv1_conv', opts.init, { filters: 32, kernelSize: 3, strides: 2, padding: 'same' });
  x = batchNorm(x, 'conv1_bn', BN_EPS);
  x = activation(x, 'conv1_relu', 'relu');
  RESNET_MINI_STAGES.forEach(([filters, blocks, stride], s) => {
    for (let b = 0; b < blocks; b++) x = basicBlock(x, filters, b === 0 ? stride : 1, `conv${s + 2}_block${b + 1}`, opts);
  });
  return tfl.model({ inputs: input, outputs: gapLogits(x, opts), name: 'resnet_mini' });
}
