import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs-core';

/**
 * The gradient of `tile(x, reps)` as one reduction: `dy` viewed as `[reps_i, x_i]` per axis (adjacent unrepeated axes
 * merged) and summed over the repetition axes. TF.js's own gradient adds one slice of `dy` per repetition: tfjs-layers'
 * LayerNormalization tiles its mean and variance over the channels, so a ConvNeXt head's backward pass made 2 × 768
 * slice-and-add kernel pairs per LayerNorm (0.7 s of 1.4 s on wasm). Equal up to the order of the additions.
 */
export function tileGradient(dy: tf.Tensor, xShape: readonly number[], reps: readonly number[]): tf.Tensor {
  return tf.tidy(() => {
    const view: number[] = [];
    const axes: number[] = [];
    let mergeable = false;
    xShape.forEach((d, i) => {
      if (reps[i] === 1 && mergeable) view[view.length - 1]! *= d;
      else if (reps[i] === 1) view.push(d);
      else {
        axes.push(view.length);
        view.push(reps[i]!, d);
      }
      mergeable = true;
    });
    return tf.reshape(axes.length ? tf.sum(tf.reshape(dy, view), axes) : dy, [...xShape]);
  });
}

const fastTileGradient: GradConfig = {
  kernelName: 'Tile',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const reps = (attrs as NamedAttrMap & { reps: number[] }).reps;
    return { x: () => tileGradient(dy as tf.Tensor, saved[0]!.shape, reps) };
  },
};

let active = false;

/**
 * Runs `fn` (synchronously: gradients are looked up while `tf.grad` runs) with {@link tileGradient} registered as
 * the gradient of `Tile`, and restores the previous gradient afterwards, also when `fn` throws. Nested calls run
 * inside the outer scope.
 */
export function withFastTileGradient<T>(fn: () => T): T {
  if (active) return fn();
  const saved = tf.getGradient('Tile');
  tf.registerGradient(fastTileGradient);
  active = true;
  try {
    return fn();
  } finally {
    active = false;
    if (saved) tf.registerGradient(saved);
    else tf.unregisterGradient('Tile');
  }
}
