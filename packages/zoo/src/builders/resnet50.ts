import * as tfl from '@tensorflow/tfjs-layers';
import { type BuilderOptions, type ResolvedOptions, resolveOptions } from '../options.js';
import { type ST, activation, apply, batchNorm, conv2d, gapClassifier, imageInput, maxPool, zeroPad } from './blocks.js';

const BN_EPS = 1.001e-5;

/** Keras `resnet.block1`: the bottleneck block, with the stride on the first 1×1 conv. */
function block1(x: ST, filters: number, name: string, opts: ResolvedOptions, stride: number, convShortcut: boolean): ST {
  const init = opts.init;
  let shortcut = x;
  if (convShortcut) {
    shortcut = conv2d(x, `${name}_0_conv`, init, { filters: 4 * filters, kernelSize: 1, strides: stride });
    shortcut = batchNorm(shortcut, `${name}_0_bn`, BN_EPS);
  }
  let y = conv2d(x, `${name}_1_conv`, init, { filters, kernelSize: 1, strides: stride });
  y = batchNorm(y, `${name}_1_bn`, BN_EPS);
  y = activation(y, `${name}_1_relu`, 'relu');
  y = conv2d(y, `${name}_2_conv`, init, { filters, kernelSize: 3, padding: 'same' });
  y = batchNorm(y, `${name}_2_bn`, BN_EPS);
  y = activation(y, `${name}_2_relu`, 'relu');
  y = conv2d(y, `${name}_3_conv`, init, { filters: 4 * filters, kernelSize: 1 });
  y = batchNorm(y, `${name}_3_bn`, BN_EPS);
  y = apply(tfl.layers.add({ name: `${name}_add` }), [shortcut, y]);
  return activation(y, `${name}_out`, 'relu');
}

/** Keras `resnet.stack1`: `blocks` bottleneck blocks named `<name>_block1` … `<name>_block<blocks>`. */
function stack1(x: ST, filters: number, blocks: number, stride1: number, name: string, opts: ResolvedOptions): ST {
  let y = block1(x, filters, `${name}_block1`, opts, stride1, true);
  for (let i = 2; i <= blocks; i++) y = block1(y, filters, `${name}_block${i}`, opts, 1, false);
  return y;
}

/**
 * ResNet-50 with the layers and layer names of Keras's `tf.keras.applications.ResNet50`
 * (`include_top=True`), randomly initialised (see {@link BuilderOptions.weights}).
 *
 * Layers: `conv1_pad`, `conv1_conv`, `conv1_bn`, `conv1_relu`, `pool1_pad`, `pool1_pool`, then per block
 * `conv{2..5}_block{i}_{0_conv,0_bn (first block only),1_conv,1_bn,1_relu,2_conv,2_bn,2_relu,3_conv,3_bn,add,out}`
 * (3, 4, 6, 3 blocks), then `avg_pool`, `predictions`. 25,636,712 parameters at 1000 classes
 * (25,583,592 trainable + 53,120 BatchNorm moving statistics), independent of the input size.
 *
 * Same as Keras: BatchNorm epsilon 1.001e-5; every conv has a bias; the stride of a stage's first block sits on
 * its 1×1 `_1_conv` (ResNet v1 as in Caffe/Keras).
 * Differs from Keras: the input layer is named `input_1` (Keras 3 names it `input_layer`); the default
 * `classifierActivation` is `'linear'` (Keras: softmax); Keras's ImageNet weights expect `resnet.preprocess_input`
 * ("caffe": BGR, mean-subtracted), applied outside the model in both.
 * Differs from torchvision `resnet50` (the paper's model): torchvision puts the stride on the 3×3 conv (v1.5) and
 * its convs have no bias (25,557,032 parameters), so torchvision weights do not map onto this model one to one.
 * The paper's layer `layer4[2].conv3` corresponds to `conv5_block3_3_conv` (see `PAPER_LAYERS`).
 *
 * Minimum input 32×32.
 */
export function buildResNet50(options: BuilderOptions = {}): tfl.LayersModel {
  const opts = resolveOptions('buildResNet50', options);
  const input = imageInput(opts);
  let x = zeroPad(input, 'conv1_pad', 3);
  x = conv2d(x, 'conv1_conv', opts.init, { filters: 64, kernelSize: 7, strides: 2 });
  x = batchNorm(x, 'conv1_bn', BN_EPS);
  x = activation(x, 'conv1_relu', 'relu');
  x = zeroPad(x, 'pool1_pad', 1);
  x = maxPool(x, 'pool1_pool', 3, 2);
  x = stack1(x, 64, 3, 1, 'conv2', opts);
  x = stack1(x, 128, 4, 2, 'conv3', opts);
  x = stack1(x, 256, 6, 2, 'conv4', opts);
  x = stack1(x, 512, 3, 2, 'conv5', opts);
  const output = gapClassifier(x, opts);
  return tfl.model({ inputs: input, outputs: output, name: 'resnet50' });
}
