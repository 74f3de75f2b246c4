import * as tf from '@tensorflow/tfjs-core';
import { SaliencyError, type ModelSplit } from '@saliency/core';

/**
 * A timing harness for a *partial* Score-CAM: the split's activation is cut to its first `channels` channels, so
 * Score-CAM makes `channels` masked forward passes per image instead of C, each the same full forward pass as in
 * the real method (the head reads the full activation, passed along as an extra crossing tensor). The weights and
 * map it gives are those of a Score-CAM over those channels only: use it to time, never to explain.
 */
export function firstChannels(split: ModelSplit, channels: number): ModelSplit {
  const [h, w, c] = split.activationShape;
  if (!Number.isInteger(channels) || channels < 1 || channels > c) throw new RangeError(`firstChannels: channels must be an integer in [1, ${c}] (got ${channels})`);
  const gradients = (): never => {
    throw new SaliencyError('SALIENCY_UNSUPPORTED', 'a partial (first-channels) split is a timing harness for Score-CAM; it has no gradients');
  };
  return {
    layer: split.layer,
    activationShape: [h, w, channels],
    crossingNames: [...split.crossingNames, `${split.layer} (all ${c} channels)`],
    body(input) {
      const full = split.body(input);
      const activation = tf.slice(full.activation, [0, 0, 0, 0], [-1, -1, -1, channels]) as tf.Tensor4D;
      return { activation, crossing: [...full.crossing, full.activation] };
    },
    head(_activation, crossing) {
      return split.head(crossing[crossing.length - 1] as tf.Tensor4D, crossing.slice(0, -1));
    },
    classGradients: gradients,
  };
}
