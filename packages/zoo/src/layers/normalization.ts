import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type BaseLayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;

export interface NormalizationArgs extends BaseLayerArgs {
  /** Per-channel mean (last axis). */
  mean: number[];
  /** Per-channel variance (last axis). */
  variance: number[];
  /** Only the last axis (-1) is supported, Keras's default. */
  axis?: number;
}

/** Keras `backend.epsilon()`, the floor Keras's Normalization puts under the standard deviation. */
const KERAS_EPSILON = 1e-7;

/**
 * Keras's `layers.Normalization` given fixed `mean` and `variance` (no `adapt`), the form ConvNeXt's
 * `*_prestem_normalization` uses: `(x − mean) / max(√variance, 1e-7)` per channel. It has no weights, like
 * Keras's (which then holds mean and variance as constants). Class name `Normalization`, config
 * `{axis, mean, variance}` as Keras writes it. tfjs-layers 4.22 has no Normalization layer of its own.
 */
export class Normalization extends tfl.layers.Layer {
  static className = 'Normalization';
  readonly mean: number[];
  readonly variance: number[];
  readonly axis: number;

  constructor(args: NormalizationArgs) {
    super(args);
    const axis = args.axis ?? -1;
    if (axis !== -1) throw new RangeError(`Normalization: only axis -1 is supported (got ${axis})`);
    if (args.mean.length !== args.variance.length || args.mean.length === 0) {
      throw new RangeError('Normalization: mean and variance must be non-empty and of the same length');
    }
    if (args.variance.some((v) => !(v >= 0))) throw new RangeError('Normalization: variance must be >= 0');
    this.mean = [...args.mean];
    this.variance = [...args.variance];
    this.axis = axis;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const channels = shape[shape.length - 1];
    if (channels !== this.mean.length) {
      throw new RangeError(`Normalization '${this.name}': input has ${channels} channels, mean has ${this.mean.length}`);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => {
      const mean = tf.tensor1d(this.mean, 'float32');
      const std = tf.maximum(tf.sqrt(tf.tensor1d(this.variance, 'float32')), KERAS_EPSILON);
      return tf.div(tf.sub(x, mean), std);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis, mean: [...this.mean], variance: [...this.variance] };
  }
}
