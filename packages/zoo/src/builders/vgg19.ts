import * as tfl from '@tensorflow/tfjs-layers';
import { type BuilderOptions, resolveOptions } from '../options.js';
import { apply, conv2d, dense, imageInput, maxPool } from './blocks.js';

/** Filters and number of 3×3 convs of VGG-19's five blocks (configuration "E"). */
export const VGG19_BLOCKS: readonly (readonly [filters: number, convs: number])[] = [
  [64, 2],
  [128, 2],
  [256, 4],
  [512, 4],
  [512, 4],
];

/**
 * VGG-19 with the layers and layer names of Keras's `tf.keras.applications.VGG19` (`include_top=True`),
 * randomly initialised (see {@link BuilderOptions.weights}).
 *
 * Layers: `block{b}_conv{i}` (3×3, same padding, ReLU fused into the conv as in Keras) and `block{b}_pool`
 * (2×2 max pool, stride 2) for the five blocks, then `flatten`, `fc1` (4096, ReLU), `fc2` (4096, ReLU),
 * `predictions`. 143,667,240 parameters at 224×224 and 1000 classes; `fc1`'s input is the flattened
 * `(h/32)×(w/32)×512` map, so only at 224×224 does it equal Keras's count (Keras also fixes 224×224 with the top).
 *
 * Differs from Keras: input layer named `input_1` (Keras 3: `input_layer`); default `classifierActivation` is
 * `'linear'`. Keras's ImageNet weights expect `vgg19.preprocess_input` ("caffe" mode) outside the model.
 * The paper used torchvision's `vgg19_bn`, which has BatchNorm: see `buildVGG19BN`. Note that here the
 * conv outputs are post-ReLU (the activation is part of the conv layer), unlike torchvision's separate ReLU modules.
 *
 * Minimum input 32×32.
 */
export function buildVGG19(options: BuilderOptions = {}): tfl.LayersModel {
  const opts = resolveOptions('buildVGG19', options);
  const input = imageInput(opts);
  let x = input;
  VGG19_BLOCKS.forEach(([filters, convs], b) => {
    for (let i = 1; i <= convs; i++) {
      x = conv2d(x, `block${b + 1}_conv${i}`, opts.init, { filters, kernelSize: 3, padding: 'same', activation: 'relu' });
    }
    x = maxPool(x, `block${b + 1}_pool`, 2, 2);
  });
  x = apply(tfl.layers.flatten({ name: 'flatten' }), x);
  x = dense(x, 'fc1', opts.init, 4096, 'relu');
  x = dense(x, 'fc2', opts.init, 4096, 'relu');
  const output = dense(x, 'predictions', opts.init, opts.classes, opts.classifierActivation);
  return tfl.model({ inputs: input, outputs: output, name: 'vgg19' });
}
