import * as tfl from '@tensorflow/tfjs-layers';
import { LayerScale } from '../layers/layer-scale.js';
import { registerZooLayers } from '../layers/register.js';
import { type ST, activation, apply, dense, layerNorm } from '../builders/blocks.js';
import type { ResolvedMini } from './common.js';
import { type MiniOptions, logits, miniInput, resolveMini } from './common.js';

/** `[channels, blocks]` per stage. */
export const CONVNEXT_MINI_STAGES = [
  [32, 2],
  [64, 2],
] as const;
/** LayerScale's initial γ. ConvNeXt uses 1e-6 for long ImageNet schedules; this short schedule starts at 1. */
export const CONVNEXT_MINI_LAYER_SCALE = 1;

const NAME = 'convnext_mini';

/** Keras `ConvNeXtBlock`: 7×7 depthwise → LayerNorm → Dense 4C → GELU → Dense C → LayerScale → + input. */
function block(x: ST, dim: number, name: string, opts: ResolvedMini): ST {
  let y = apply(
    tfl.layers.depthwiseConv2d({
      name: `${name}_depthwise_conv`, kernelSize: 7, padding: 'same', depthMultiplier: 1, useBias: true,
      depthwiseInitializer: opts.init.kernel(), biasInitializer: opts.init.bias(),
    }),
    x,
  );
  y = layerNorm(y, `${name}_layernorm`);
  y = dense(y, `${name}_pointwise_conv_1`, opts.init, 4 * dim);
  y = activation(y, `${name}_gelu`, 'gelu');
  y = dense(y, `${name}_pointwise_conv_2`, opts.init, dim);
  y = apply(new LayerScale({ name: `${name}_layer_scale`, initValues: CONVNEXT_MINI_LAYER_SCALE, projectionDim: dim }), y);
  return apply(tfl.layers.add({ name: `${name}_add` }), [x, y]);
}

/**
 * A ConvNeXt-style net with Keras ConvNeXt layer names (prefix `convnext_mini`), flat (no nested Sequential):
 * stem `convnext_mini_stem_conv` (2×2, stride 2, 32) → `convnext_mini_stem_layernorm`; stage 0 (32 channels,
 * 2 blocks) at h/2; `convnext_mini_downsampling_layernorm_0` → `convnext_mini_downsampling_conv_0` (2×2, stride 2, 64);
 * stage 1 (64 channels, 2 blocks) at h/4; `convnext_mini_head_gap` → `convnext_mini_head_layernorm` →
 * `predictions`. Blocks: 7×7 depthwise conv, LayerNormalization, GELU MLP, LayerScale, residual add. The last
 * block's depthwise conv `convnext_mini_stage_1_block_1_depthwise_conv` is the counterpart of the paper's ConvNeXt
 * layer. 102,504 parameters. Needs `LayerScale` registered to reload (importing `@saliency/zoo` does it).
 */
export function buildConvNeXtMini(options: MiniOptions = {}): tfl.LayersModel {
  registerZooLayers();
  const opts = resolveMini('buildConvNeXtMini', options);
  const input = miniInput(opts);
  let x: ST = input;
  CONVNEXT_MINI_STAGES.forEach(([dim, blocks], i) => {
    if (i === 0) {
      x = apply(tfl.layers.conv2d({ name: `${NAME}_stem_conv`, filters: dim, kernelSize: 2, strides: 2, kernelInitializer: opts.init.kernel(), biasInitializer: opts.init.bias() }), x);
      x = layerNorm(x, `${NAME}_stem_layernorm`);
    } else {
      x = layerNorm(x, `${NAME}_downsampling_layernorm_${i - 1}`);
      x = apply(tfl.layers.conv2d({ name: `${NAME}_downsampling_conv_${i - 1}`, filters: dim, kernelSize: 2, strides: 2, kernelInitializer: opts.init.kernel(), biasInitializer: opts.init.bias() }), x);
    }
    for (let b = 0; b < blocks; b++) x = block(x, dim, `${NAME}_stage_${i}_block_${b}`, opts);
  });
  x = apply(tfl.layers.globalAveragePooling2d({ name: `${NAME}_head_gap` }), x);
  x = layerNorm(x, `${NAME}_head_layernorm`);
  return tfl.model({ inputs: input, outputs: logits(x, opts), name: NAME });
}
