import * as tf from '@tensorflow/tfjs-core';
import { defineCamMethod } from '../cam-pipeline.js';

export type LayerCamOptions = Record<string, never>;

/** LayerCAM (Jiang et al., TIP 2021): per-pixel weights `relu(G)`, `cam = Σ_k relu(G_k) ⊙ A_k` (ALGORITHMS.md §1.7). */
export const layerCam = defineCamMethod<LayerCamOptions>({
  id: 'layer-cam',
  displayName: 'LayerCAM',
  description: 'LayerCAM: activations weighted per pixel by the positive part of the target logit\'s gradient.',
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  needsGradients: true,
  camImage: ({ grads, activation }) => tf.tidy(() => tf.sum(tf.mul(tf.relu(grads!), activation), 3) as tf.Tensor3D),
});
