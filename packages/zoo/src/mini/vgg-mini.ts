import * as tfl from '@tensorflow/tfjs-layers';
import { apply, conv2d, dense, maxPool } from '../builders/blocks.js';
import { type MiniOptions, logits, miniInput, resolveMini } from './common.js';

/** Filters per VGG block (two 3×3 convs each, ReLU fused as in Keras's VGG). */
export const VGG_MINI_FILTERS = [16, 32, 64] as const;

/**
 * A VGG-style plain conv stack, Keras VGG layer names: `block{b}_conv{1,2}` (3×3, same, ReLU fused) and
 * `block{b}_pool` (2×2 max) after blocks 1 and 2, so `block3_conv2` (the last conv, the paper's VGG layer
 * counterpart) is `[h/4, w/4, 64]`; then `avg_pool` (GAP), `fc1` (Dense 64, ReLU) and `predictions` (linear logits).
 * 76,760 parameters.
 */
export function buildVggMini(options: MiniOptions = {}): tfl.LayersModel {
  const opts = resolveMini('buildVggMini', options);
  const input = miniInput(opts);
  let x = input;
  VGG_MINI_FILTERS.forEach((filters, i) => {
    const b = i + 1;
    x = conv2d(x, `block${b}_conv1`, opts.init, { filters, kernelSize: 3, padding: 'same', activation: 'relu' });
    x = conv2d(x, `block${b}_conv2`, opts.init, { filters, kernelSize: 3, padding: 'same', activation: 'relu' });
    if (b < VGG_MINI_FILTERS.length) x = maxPool(x, `block${b}_pool`, 2, 2);
  });
  x = apply(tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
  x = dense(x, 'fc1', opts.init, 64, 'relu');
  return tfl.model({ inputs: input, outputs: logits(x, opts), name: 'vgg_mini' });
}
