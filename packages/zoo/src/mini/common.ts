import * as tfl from '@tensorflow/tfjs-layers';
import { WeightInit } from '../options.js';
import { type ST, apply } from '../builders/blocks.js';

/** Options of every mini builder. */
export interface MiniOptions {
  /** `[height, width, 3]`; default the synthetic dataset's `[32, 32, 3]`. */
  readonly inputShape?: readonly [number, number, number];
  /** Number of classes; default 8 (the synthetic dataset's). */
  readonly classes?: number;
  /** Seed of the Glorot-uniform kernels: the n-th kernel gets `seed + n` (same seed, same initial weights). */
  readonly seed?: number;
}

export interface ResolvedMini {
  readonly inputShape: [number, number, number];
  readonly classes: number;
  readonly init: WeightInit;
}

export function resolveMini(builder: string, options: MiniOptions): ResolvedMini {
  const inputShape = options.inputShape ?? [32, 32, 3];
  const [h, w, c] = inputShape;
  if (inputShape.length !== 3 || c !== 3 || !Number.isInteger(h) || !Number.isInteger(w) || h < 16 || w < 16 || h % 4 !== 0 || w % 4 !== 0) {
    throw new RangeError(`${builder}: inputShape must be [height, width, 3] with height, width >= 16 and divisible by 4 (got [${inputShape.join(', ')}])`);
  }
  const classes = options.classes ?? 8;
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`${builder}: classes must be an integer >= 2 (got ${classes})`);
  if (options.seed !== undefined && !Number.isFinite(options.seed)) throw new RangeError(`${builder}: seed must be a finite number (got ${options.seed})`);
  return { inputShape: [h, w, c], classes, init: new WeightInit('random', options.seed) };
}

export function miniInput(opts: ResolvedMini): ST {
  return tfl.input({ shape: [...opts.inputShape], name: 'input' });
}

/** `GlobalAveragePooling2D(name)` then the linear `Dense(classes, name='predictions')` (logits). */
export function gapLogits(x: ST, opts: ResolvedMini, gapName = 'avg_pool'): ST {
  const pooled = apply(tfl.layers.globalAveragePooling2d({ name: gapName }), x);
  return logits(pooled, opts);
}

export function logits(x: ST, opts: ResolvedMini): ST {
  return apply(
    tfl.layers.dense({ name: 'predictions', units: opts.classes, activation: 'linear', kernelInitializer: opts.init.kernel(), biasInitializer: opts.init.bias() }),
    x,
  );
}
