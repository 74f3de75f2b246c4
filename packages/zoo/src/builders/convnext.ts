import * as tfl from '@tensorflow/tfjs-layers';
import { type BuilderOptions, type ResolvedOptions, resolveOptions } from '../options.js';
import { LayerScale } from '../layers/layer-scale.js';
import { Normalization } from '../layers/normalization.js';
import { registerZooLayers } from '../layers/register.js';
import { type ST, activation, apply, dense, imageInput, layerNorm } from './blocks.js';

/** Keras `convnext.MODEL_CONFIGS` for the variants built here. */
export const CONVNEXT_CONFIGS = {
  tiny: { depths: [3, 3, 9, 3], projectionDims: [96, 192, 384, 768] },
  large: { depths: [3, 3, 27, 3], projectionDims: [192, 384, 768, 1536] },
} as const;
export type ConvNeXtVariant = keyof typeof CONVNEXT_CONFIGS;

export interface ConvNeXtOptions extends BuilderOptions {
  /**
   * Keras's `include_preprocessing` (default true, as in Keras): a `<name>_prestem_normalization` layer
   * normalises 0–255 RGB input with the ImageNet mean/std. Set false for torchvision-style, already
   * normalised input.
   */
  includePreprocessing?: boolean;
}

const LAYER_SCALE_INIT = 1e-6;

/** A nested `Sequential` like Keras's stem and downsampling blocks (layer names inside are Keras's too). */
function sequentialBlock(x: ST, name: string, layers: tfl.layers.Layer[]): ST {
  return apply(tfl.sequential({ name, layers }), x);
}

/** Keras `convnext.ConvNeXtBlock` without stochastic depth (Keras's applications use drop_path_rate 0). */
function convNeXtBlock(x: ST, dim: number, name: string, opts: ResolvedOptions): ST {
  const init = opts.init;
  let y = apply(
    tfl.layers.depthwiseConv2d({
      name: `${name}_depthwise_conv`,
      kernelSize: 7,
      padding: 'same',
      depthMultiplier: 1,
      useBias: true,
      depthwiseInitializer: init.kernel(),
      biasInitializer: init.bias(),
    }),
    x,
  );
  y = layerNorm(y, `${name}_layernorm`);
  y = dense(y, `${name}_pointwise_conv_1`, init, 4 * dim);
  y = activation(y, `${name}_gelu`, 'gelu');
  y = dense(y, `${name}_pointwise_conv_2`, init, dim);
  y = apply(new LayerScale({ name: `${name}_layer_scale`, initValues: LAYER_SCALE_INIT, projectionDim: dim }), y);
  y = activation(y, `${name}_identity`, 'linear');
  return apply(tfl.layers.add({ name: `${name}_add` }), [x, y]);
}

/**
 * Builds a ConvNeXt variant with Keras's layer names (`convnext.ConvNeXt`, `include_top=True`,
 * `drop_path_rate=0`, `layer_scale_init_value=1e-6`). See `buildConvNeXtTiny` for the layer list and the
 * differences from Keras and torchvision.
 */
export function buildConvNeXt(variant: ConvNeXtVariant, builder: string, options: ConvNeXtOptions = {}): tfl.LayersModel {
  registerZooLayers();
  const opts = resolveOptions(builder, options);
  const { depths, projectionDims: dims } = CONVNEXT_CONFIGS[variant];
  const name = `convnext_${variant}`;
  const input = imageInput(opts);
  let x = input;
  if (options.includePreprocessing ?? true) {
    const mean = [0.485 * 255, 0.456 * 255, 0.406 * 255];
    const variance = [(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2];
    x = apply(new Normalization({ name: `${name}_prestem_normalization`, mean, variance }), x);
  }
  const init = opts.init;
  for (let i = 0; i < 4; i++) {
    if (i === 0) {
      x = sequentialBlock(x, `${name}_stem`, [
        tfl.layers.conv2d({
          name: `${name}_stem_conv`, filters: dims[0], kernelSize: 4, strides: 4, inputShape: x.shape.slice(1) as number[],
          kernelInitializer: init.kernel(), biasInitializer: init.bias(),
        }),
        tfl.layers.layerNormalization({ name: `${name}_stem_layernorm`, epsilon: 1e-6 }),
      ]);
    } else {
      x = sequentialBlock(x, `${name}_downsampling_block_${i - 1}`, [
        tfl.layers.layerNormalization({
          name: `${name}_downsampling_layernorm_${i - 1}`, epsilon: 1e-6, inputShape: x.shape.slice(1) as number[],
        }),
        tfl.layers.conv2d({
          name: `${name}_downsampling_conv_${i - 1}`, filters: dims[i], kernelSize: 2, strides: 2,
          kernelInitializer: init.kernel(), biasInitializer: init.bias(),
        }),
      ]);
    }
    for (let j = 0; j < depths[i]; j++) x = convNeXtBlock(x, dims[i], `${name}_stage_${i}_block_${j}`, opts);
  }
  x = apply(tfl.layers.globalAveragePooling2d({ name: `${name}_head_gap` }), x);
  x = layerNorm(x, `${name}_head_layernorm`);
  const output = dense(x, `${name}_head_dense`, init, opts.classes, opts.classifierActivation);
  return tfl.model({ inputs: input, outputs: output, name });
}
