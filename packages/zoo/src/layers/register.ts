import * as tf from '@tensorflow/tfjs-core';
import { LayerScale } from './layer-scale.js';
import { Normalization } from './normalization.js';

/** The custom layer classes the zoo's models use. */
export const ZOO_LAYER_CLASSES = [LayerScale, Normalization] as const;

/**
 * Registers the zoo's custom layers (`LayerScale`, `Normalization`) with `tf.serialization`, so a saved ConvNeXt
 * reloads with `tf.loadLayersModel`. Idempotent. The ConvNeXt builders call it, and importing `@saliency/zoo`
 * calls it once; call it yourself before loading a saved model in a bundle that tree-shakes that import away.
 */
export function registerZooLayers(): void {
  for (const cls of ZOO_LAYER_CLASSES) tf.serialization.registerClass(cls);
}
