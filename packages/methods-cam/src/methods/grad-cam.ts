import * as tf from '@tensorflow/tfjs-core';
import { defineCamMethod, spatialMean } from '../cam-pipeline.js';

export type GradCamOptions = Record<string, never>;

/** Grad-CAM (arXiv:1610.02391): channel weights = spatial mean of the target logit's gradient (ALGORITHMS.md §1.5). */
export const gradCam = defineCamMethod<GradCamOptions>({
  id: 'grad-cam',
  displayName: 'Grad-CAM',
  description: 'Grad-CAM (arXiv:1610.02391): activations weighted by the spatially averaged gradient of the target logit.',
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  needsGradients: true,
  channelWeights: ({ grads }) => tf.tidy(() => spatialMean(grads!)),
});
