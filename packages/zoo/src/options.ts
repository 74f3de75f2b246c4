import * as tfl from '@tensorflow/tfjs-layers';

/** An initializer object as tfjs-layers' layer factories accept it. */
export type Initializer = ReturnType<typeof tfl.initializers.zeros>;

/**
 * How a builder fills its weights.
 * - `'random'` (default): Keras's own defaults, i.e. what `weights=None` gives in `tf.keras.applications`:
 *   Glorot-uniform conv/dense kernels, zero biases, BatchNorm γ=1, β=0, moving mean 0, moving variance 1,
 *   LayerNorm γ=1, β=0, LayerScale γ=1e-6.
 * - `'zeros'`: conv/dense kernels and biases are zero and every other weight keeps the values above. Nothing random
 *   is drawn, and the zero-filled buffers are not touched, so building even ConvNeXt-Large or VGG-19 this way is
 *   fast and cheap. Meant for a model whose weights are loaded right after (see `loadKerasWeights`) or whose
 *   structure alone is wanted (parameter counts, layer names, shapes). The layers and weights are the same as with
 *   `'random'`; only the initial values differ.
 */
export type WeightsMode = 'random' | 'zeros';

/** Options every builder takes. */
export interface BuilderOptions {
  /** `[height, width, 3]`, channels last. Default `[224, 224, 3]`; each builder states its minimum (Keras: 32). */
  inputShape?: readonly [number, number, number];
  /** Number of output classes. Default 1000. */
  classes?: number;
  /**
   * Activation of the last Dense layer. Default `'linear'` (logits, what this project's adapters want);
   * `'softmax'` is what `tf.keras.applications` uses by default.
   */
  classifierActivation?: 'softmax' | 'linear';
  /**
   * Seed of the random kernels (`weights: 'random'`). The n-th kernel created gets seed `seed + n`, so two builds
   * with the same seed are identical and distinct layers do not share values. Without a seed, `Math.random` seeds.
   */
  seed?: number;
  /** See {@link WeightsMode}. Default `'random'`. */
  weights?: WeightsMode;
}

/** Hands out the initializers of one build, numbering seeded kernels in creation order. */
export class WeightInit {
  private count = 0;

  constructor(
    readonly mode: WeightsMode,
    private readonly seed: number | undefined,
  ) {}

  /** Kernel initializer: Keras's default `glorot_uniform`, or zeros in `'zeros'` mode. */
  kernel(): Initializer {
    if (this.mode === 'zeros') return tfl.initializers.zeros();
    const n = this.count++;
    return this.seed === undefined
      ? tfl.initializers.glorotUniform({})
      : tfl.initializers.glorotUniform({ seed: this.seed + n });
  }

  /** Bias initializer (zeros in both modes, as in Keras). */
  bias(): Initializer {
    return tfl.initializers.zeros();
  }
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  readonly inputShape: [number, number, number];
  readonly classes: number;
  readonly classifierActivation: 'softmax' | 'linear';
  readonly init: WeightInit;
}

/**
 * Applies the defaults and checks the options; errors name the builder and the option.
 * `minSize` is the smallest height/width the architecture accepts.
 */
export function resolveOptions(builder: string, options: BuilderOptions, minSize = 32): ResolvedOptions {
  const inputShape = options.inputShape ?? [224, 224, 3];
  const [h, w, c] = inputShape;
  if (inputShape.length !== 3 || c !== 3 || !isIntAtLeast(h, minSize) || !isIntAtLeast(w, minSize)) {
    throw new RangeError(
      `${builder}: inputShape must be [height, width, 3] with integer height, width >= ${minSize} ` +
        `(got [${inputShape.join(', ')}])`,
    );
  }
  const classes = options.classes ?? 1000;
  if (!isIntAtLeast(classes, 1)) {
    throw new RangeError(`${builder}: classes must be a positive integer (got ${classes})`);
  }
  const classifierActivation = options.classifierActivation ?? 'linear';
  if (classifierActivation !== 'linear' && classifierActivation !== 'softmax') {
    throw new RangeError(`${builder}: classifierActivation must be 'linear' or 'softmax' (got ${String(classifierActivation)})`);
  }
  const weights = options.weights ?? 'random';
  if (weights !== 'random' && weights !== 'zeros') {
    throw new RangeError(`${builder}: weights must be 'random' or 'zeros' (got ${String(weights)})`);
  }
  if (options.seed !== undefined && !Number.isFinite(options.seed)) {
    throw new RangeError(`${builder}: seed must be a finite number (got ${options.seed})`);
  }
  return { inputShape: [h, w, c], classes, classifierActivation, init: new WeightInit(weights, options.seed) };
}

function isIntAtLeast(v: number, min: number): boolean {
  return Number.isInteger(v) && v >= min;
}
