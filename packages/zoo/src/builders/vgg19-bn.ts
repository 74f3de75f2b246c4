import * as tfl from '@tensorflow/tfjs-layers';
import { type BuilderOptions, resolveOptions } from '../options.js';
import { activation, apply, batchNorm, conv2d, dense, imageInput, maxPool } from './blocks.js';
import { VGG19_BLOCKS } from './vgg19.js';

/**
 * Our layer name for each torchvision `vgg19_bn().features[i]` (53 modules): `block{b}_conv{i}` (Conv2d),
 * `block{b}_bn{i}` (BatchNorm2d), `block{b}_relu{i}` (ReLU), `block{b}_pool` (MaxPool2d).
 * E.g. `features[49]` → `block5_conv4`, `features[52]` (= `features[-1]`) → `block5_pool`.
 */
export const VGG19_BN_TORCH_FEATURES: readonly string[] = VGG19_BLOCKS.flatMap(([, convs], b) => [
  ...Array.from({ length: convs }, (_, i) => [`block${b + 1}_conv${i + 1}`, `block${b + 1}_bn${i + 1}`, `block${b + 1}_relu${i + 1}`]).flat(),
  `block${b + 1}_pool`,
]);

/** Our layer name for each torchvision `vgg19_bn().classifier[i]` (7 modules). */
export const VGG19_BN_TORCH_CLASSIFIER: readonly string[] = [
  'fc1', 'fc1_relu', 'fc1_dropout', 'fc2', 'fc2_relu', 'fc2_dropout', 'predictions',
];

/**
 * VGG-19 with BatchNorm, as torchvision's `vgg19_bn` (the "VGG-19" of the paper). Keras has no such application,
 * so the naming is ours, Keras-VGG19-style, with exactly one layer per torchvision module (see
 * {@link VGG19_BN_TORCH_FEATURES} and {@link VGG19_BN_TORCH_CLASSIFIER}):
 * per conv `block{b}_conv{i}` (3×3, same padding, bias, no activation) → `block{b}_bn{i}` (epsilon 1e-5,
 * momentum 0.9 = torch's 0.1) → `block{b}_relu{i}`; per block `block{b}_pool`; then `flatten`, `fc1`, `fc1_relu`,
 * `fc1_dropout` (0.5), `fc2`, `fc2_relu`, `fc2_dropout`, `predictions`.
 *
 * Parameters at 224×224, 1000 classes: 143,678,248 trainable, equal to torchvision's count (which excludes BN
 * buffers), plus 11,008 BatchNorm moving statistics = 143,689,256 in `countParams()`.
 *
 * Differs from torchvision: there is no `avgpool` (`AdaptiveAvgPool2d((7, 7))`, the identity at 224×224, so `fc1`
 * takes `(h/32)×(w/32)×512` inputs at other sizes); `flatten` is channels-last, so a torchvision `fc1` weight
 * `[4096, 512·7·7]` must be reshaped to `[4096, 512, 7, 7]`, permuted to `[7, 7, 512, 4096]` and flattened to
 * `[25088, 4096]`; conv weights `[out, in, kh, kw]` become `[kh, kw, in, out]`; BN `weight, bias, running_mean,
 * running_var` are `gamma, beta, moving_mean, moving_variance`. Dropout is inert at inference.
 * torchvision expects ImageNet mean/std-normalised RGB input (outside the model). Minimum input 32×32.
 */
export function buildVGG19BN(options: BuilderOptions = {}): tfl.LayersModel {
  const opts = resolveOptions('buildVGG19BN', options);
  const input = imageInput(opts);
  let x = input;
  VGG19_BLOCKS.forEach(([filters, convs], b) => {
    for (let i = 1; i <= convs; i++) {
      x = conv2d(x, `block${b + 1}_conv${i}`, opts.init, { filters, kernelSize: 3, padding: 'same' });
      x = batchNorm(x, `block${b + 1}_bn${i}`, 1e-5, 0.9);
      x = activation(x, `block${b + 1}_relu${i}`, 'relu');
    }
    x = maxPool(x, `block${b + 1}_pool`, 2, 2);
  });
  x = apply(tfl.layers.flatten({ name: 'flatten' }), x);
  for (const fc of ['fc1', 'fc2']) {
    x = dense(x, fc, opts.init, 4096);
    x = activation(x, `${fc}_relu`, 'relu');
    x = apply(tfl.layers.dropout({ name: `${fc}_dropout`, rate: 0.5 }), x);
  }
  const output = dense(x, 'predictions', opts.init, opts.classes, opts.classifierActivation);
  return tfl.model({ inputs: input, outputs: output, name: 'vgg19_bn' });
}
