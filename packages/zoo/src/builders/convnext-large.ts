import type * as tfl from '@tensorflow/tfjs-layers';
import { type ConvNeXtOptions, buildConvNeXt } from './convnext.js';

/**
 * ConvNeXt-Large with the layers and layer names of Keras's `tf.keras.applications.ConvNeXtLarge`
 * (`include_top=True`), randomly initialised (see `BuilderOptions.weights`). Depths 3, 3, 27, 3; widths
 * 192, 384, 768, 1536. 197,767,336 parameters at 1000 classes (all trainable; torchvision `convnext_large`, the
 * paper's model, has the same count), independent of the input size. Name prefix `convnext_large`; the layer
 * list and every difference from Keras and torchvision are as for `buildConvNeXtTiny`.
 * The paper's layer `features[7][2].block[0]` is `convnext_large_stage_3_block_2_depthwise_conv`.
 * Building it allocates ~790 MB of float32 weights (`weights: 'zeros'` skips the random fill). Minimum input 32×32.
 */
export function buildConvNeXtLarge(options: ConvNeXtOptions = {}): tfl.LayersModel {
  return buildConvNeXt('large', 'buildConvNeXtLarge', options);
}
