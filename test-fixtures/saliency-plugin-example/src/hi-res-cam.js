// HiResCAM (Draelos & Carin 2020): cam = sum_k G_k * A_k, element-wise, no pooling. A third-party method needs
// nothing but @saliency/core's interfaces and helpers and tfjs-core; the model is reached through the split.
import * as tf from '@tensorflow/tfjs-core';
import { defineSaliencyMethod, disposeBody, minMaxScale, resizeHalfPixel } from '@saliency/core';

export const hiResCam = defineSaliencyMethod({
  id: 'hi-res-cam',
  displayName: 'HiResCAM',
  description: 'Element-wise gradient × activation, summed over channels (arXiv:2011.08891)',
  requires: ['gradients'],
  optionsSchema: { type: 'object', additionalProperties: false, properties: { eps: { type: 'number', exclusiveMinimum: 0 } }, required: ['eps'] },
  defaultOptions: { eps: 1e-7 },
  create(options) {
    return {
      id: 'example/hi-res-cam',
      needsContrasts: false,
      async explain({ split, input, body, targets, outputSize }) {
        const own = body ? undefined : split.body(input);
        const b = body ?? own;
        const { gradients, logits } = split.classGradients(b, targets.map((t) => [t]));
        try {
          const size = outputSize ?? [input.shape[1], input.shape[2]];
          const raw = tf.tidy(() => tf.sum(tf.mul(tf.squeeze(gradients, [1]), b.activation), -1));
          const maps = tf.tidy(() => minMaxScale(resizeHalfPixel(minMaxScale(tf.relu(raw), options.eps), size), options.eps));
          raw.dispose();
          return { maps };
        } finally {
          tf.dispose([gradients, logits]);
          disposeBody(own);
        }
      },
    };
  },
});
