import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type BaseLayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;

export interface LayerScaleArgs extends BaseLayerArgs {
  /** Initial value of every γ (Keras `init_values`; ConvNeXt uses 1e-6). */
  initValues: number;
  /** Number of channels, the size of γ (Keras `projection_dim`). */
  projectionDim: number;
}

/**
 * Keras's ConvNeXt `LayerScale`: multiplies the last axis by a trainable per-channel γ (`x * gamma`).
 * Class name `LayerScale` and config keys `initValues`/`projectionDim` (tfjs's camelCase of Keras's
 * `init_values`/`projection_dim`), so model JSON written by either side names the same class.
 * The weight is named `gamma` here; Keras creates it with `add_weight` and no name (see `loadKerasWeights`,
 * which matches a LayerScale's single weight whatever it is called).
 */
export class LayerScale extends tfl.layers.Layer {
  static className = 'LayerScale';
  readonly initValues: number;
  readonly projectionDim: number;
  private gamma: tfl.LayerVariable | null = null;

  constructor(args: LayerScaleArgs) {
    super(args);
    if (!Number.isInteger(args.projectionDim) || args.projectionDim < 1) {
      throw new RangeError(`LayerScale: projectionDim must be a positive integer (got ${args.projectionDim})`);
    }
    this.initValues = args.initValues;
    this.projectionDim = args.projectionDim;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const channels = shape[shape.length - 1];
    if (channels !== this.projectionDim) {
      throw new RangeError(`LayerScale '${this.name}': input has ${channels} channels, projectionDim is ${this.projectionDim}`);
    }
    this.gamma = this.addWeight(
      'gamma',
      [this.projectionDim],
      'float32',
      tfl.initializers.constant({ value: this.initValues }),
      undefined,
      true,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (this.gamma === null) throw new Error(`LayerScale '${this.name}' called before build`);
    return tf.mul(x, this.gamma.read());
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), initValues: this.initValues, projectionDim: this.projectionDim };
  }
}
