import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, wasmTileConfig } from '../src/index.js';
import { mulberry32 } from './helpers/seeded.js';

// The stock kernel, captured before selectBackend('wasm') replaces it.
const stock = tf.getKernel('Tile', 'wasm')!;

const CASES: readonly [shape: number[], reps: number[]][] = [
  [[5], [3]],
  [[2, 3], [1, 1]],
  [[2, 3], [4, 1]],
  [[2, 3], [1, 4]],
  [[3, 1], [1, 5]],
  [[1, 1, 1, 6], [2, 3, 4, 1]], // BatchNormalization's gradient: 1/σ to the activation's shape
  [[1, 3, 3, 4], [5, 1, 1, 1]], // one image repeated into a batch
  [[2, 1, 3, 2, 2], [1, 3, 1, 2, 1]],
  [[2, 3, 2], [2, 2, 2]],
  [[2, 0, 3], [2, 2, 1]],
];

/** Runs `Tile` with the given kernel config registered, and reads the result. */
async function tileWith(config: tf.KernelConfig, x: tf.Tensor, reps: number[]): Promise<number[]> {
  tf.unregisterKernel('Tile', 'wasm');
  tf.registerKernel(config);
  try {
    const y = tf.tile(x, reps);
    const v = Array.from(await y.data());
    y.dispose();
    return v;
  } finally {
    tf.unregisterKernel('Tile', 'wasm');
    tf.registerKernel(wasmTileConfig);
  }
}

describe('fast wasm Tile', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('replaces the stock kernel on selectBackend("wasm")', () => {
    expect(stock.kernelFunc).not.toBe(wasmTileConfig.kernelFunc);
    expect(tf.getKernel('Tile', 'wasm')!.kernelFunc).toBe(wasmTileConfig.kernelFunc);
  });

  it('equals the stock kernel bit for bit on every shape, repetition and dtype, also for -0, ±Infinity and NaN', async () => {
    const rand = mulberry32(9);
    const specials = [-0, Infinity, -Infinity, NaN];
    for (const [shape, reps] of CASES) {
      const n = shape.reduce((a, b) => a * b, 1);
      const floats = Float32Array.from({ length: n }, (_, i) => (i < specials.length ? specials[i]! : rand() * 4 - 2));
      for (const x of [tf.tensor(floats, shape), tf.tensor(Int32Array.from(floats, (v) => (Number.isFinite(v) ? Math.round(v * 100) : 7)), shape, 'int32'), tf.tensor(Uint8Array.from(floats, (v) => (v > 0 ? 1 : 0)), shape, 'bool')]) {
        const fast = await tileWith(wasmTileConfig, x, reps);
        const ref = await tileWith(stock, x, reps);
        expect(fast.length, `${x.dtype} [${shape}] × [${reps}]`).toBe(ref.length);
        expect(fast.every((v, i) => Object.is(v, ref[i])), `${x.dtype} [${shape}] × [${reps}]`).toBe(true);
        x.dispose();
      }
    }
  });
});
