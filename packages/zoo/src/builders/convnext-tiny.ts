import type * as tfl from '@tensorflow/tfjs-layers';
import { type ConvNeXtOptions, buildConvNeXt } from './convnext.js';

/**
 * ConvNeXt-Tiny with the layers and layer names of Keras's `tf.keras.applications.ConvNeXtTiny`
 * (`include_top=True`), randomly initialised (see `BuilderOptions.weights`). Depths 3, 3, 9, 3; widths
 * 96, 192, 384, 768. 28,589,128 parameters at 1000 classes (all trainable; torchvision `convnext_tiny` has the
 * same count), independent of the input size.
 *
 * Layers (name prefix `convnext_tiny`): `_prestem_normalization` (if `includePreprocessing`), `_stem` (a nested
 * Sequential of `_stem_conv` 4×4/4 and `_stem_layernorm`), per stage s and block b
 * `_stage_{s}_block_{b}_{depthwise_conv,layernorm,pointwise_conv_1,gelu,pointwise_conv_2,layer_scale,identity,add}`,
 * `_downsampling_block_{0..2}` (nested Sequentials of `_downsampling_layernorm_{i}` and `_downsampling_conv_{i}` 2×2/2)
 * before stages 1–3, then `_head_gap`, `_head_layernorm`, `_head_dense`.
 *
 * Differs from Keras:
 * - `_depthwise_conv` is a tfjs `DepthwiseConv2D` (weights `depthwise_kernel` `[7, 7, C, 1]`, `bias`) where Keras
 *   has `Conv2D(groups=C)` (weights `kernel` `[7, 7, 1, C]`, `bias`): same computation and parameter count, a
 *   reshape apart (done by `loadKerasWeights`).
 * - `_add` is our name for the residual sum, which Keras writes as `inputs + x` (an unnamed op:
 *   `tf.__operators__.add_N` in Keras 2, an auto-named `add_N` op in Keras 3). It has no weights.
 * - `_prestem_normalization` is the zoo's own `Normalization` layer (tfjs-layers has none), equal to Keras's with
 *   fixed mean/variance; `LayerScale` is the zoo's port of Keras's (both registered for deserialisation).
 * - input layer named `input_1`; default `classifierActivation` `'linear'`.
 * As in Keras, `_stem` and `_downsampling_block_{i}` are nested models with two inbound nodes (their own input
 * and the outer model's), so tfjs's `layer.output` throws for them: use `layer.getOutputAt(1)`.
 * Differs from torchvision (the paper used `convnext_large`): torchvision expects normalised input (no prestem) and
 * implements the 1×1 convs as Linear after a permute, identical to the Dense layers here; `features[s*2+1][b].block[0]`
 * is `_stage_{s}_block_{b}_depthwise_conv`. Minimum input 32×32.
 */
export function buildConvNeXtTiny(options: ConvNeXtOptions = {}): tfl.LayersModel {
  return buildConvNeXt('tiny', 'buildConvNeXtTiny', options);
}
