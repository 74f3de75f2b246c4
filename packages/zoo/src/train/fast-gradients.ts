import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs-core';

/**
 * Gradient definitions that replace tfjs-core's where its own is correct but impractically slow:
 *
 * - `Tile`: tfjs-core sums one `slice` + `add` per repetition (∏ reps of them). tfjs-layers' LayerNormalization tiles
 *   γ and β to the full `[B, h, w, C]` shape, so one ConvNeXt block's backward pass issued tens of thousands of ops.
 *   Here every tiled axis is folded away at once: `dy` reshaped to `[before, reps, size, after]` and summed over
 *   `reps`, one reshape and one sum per tiled axis. Same values up to float32 summation order.
 */
export const FAST_GRADIENTS = ['Tile'] as const;

const tileGrad: GradConfig = {
  kernelName: 'Tile',
  inputsToSave: ['x'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved as [tf.Tensor];
    const { reps } = attrs as unknown as { reps: number[] };
    const g = dy as tf.Tensor;
    return {
      x: () => {
        let d = g;
        const shape = [...g.shape];
        for (let axis = 0; axis < x.rank; axis++) {
          const r = reps[axis]!;
          if (r === 1) continue;
          const size = x.shape[axis]!;
          const before = shape.slice(0, axis).reduce((a, b) => a * b, 1);
          const after = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
          d = tf.sum(tf.reshape(d, [before, r, size, after]), 1);
          shape[axis] = size;
          d = tf.reshape(d, shape);
        }
        return d === g ? tf.clone(g) : d;
      },
    };
  },
};

/** Registers the gradients above (global to tfjs-core) and returns a function that restores the previous ones. */
export function registerFastGradients(): () => void {
  const previous = new Map<string, GradConfig | undefined>();
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true); // silence "Overriding the gradient for 'Tile'"
  try {
    for (const config of [tileGrad]) {
      previous.set(config.kernelName, tf.getGradient(config.kernelName));
      tf.registerGradient(config);
    }
  } finally {
    tf.env().set('PROD', prod);
  }
  return () => {
    tf.env().set('PROD', true);
    try {
      for (const [name, prev] of previous) {
        tf.unregisterGradient(name);
        if (prev) tf.registerGradient(prev);
      }
    } finally {
      tf.env().set('PROD', prod);
    }
  };
}
