import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { minMaxScale, repeatBatch, resizeHalfPixel } from '../../src/index.js';
import { useCpu } from '../helpers/backend.js';

/** cv2.resize INTER_LINEAR, written from the formula in ALGORITHMS.md §1.3 (independent of tf.image). */
function cvResize(src: number[][], H: number, W: number): number[][] {
  const h = src.length;
  const w = src[0]!.length;
  const coord = (X: number, n: number, N: number): [number, number, number] => {
    const f = (X + 0.5) * (n / N) - 0.5;
    let x0 = Math.floor(f);
    let a = f - x0;
    if (x0 < 0) { x0 = 0; a = 0; }
    if (x0 >= n - 1) { x0 = n - 1; a = 0; }
    return [x0, Math.min(x0 + 1, n - 1), a];
  };
  return Array.from({ length: H }, (_, Y) => {
    const [y0, y1, b] = coord(Y, h, H);
    return Array.from({ length: W }, (_, X) => {
      const [x0, x1, a] = coord(X, w, W);
      const top = src[y0]![x0]! * (1 - a) + src[y0]![x1]! * a;
      const bot = src[y1]![x0]! * (1 - a) + src[y1]![x1]! * a;
      return top * (1 - b) + bot * b;
    });
  });
}

describe('cam math', () => {
  beforeAll(useCpu);

  it('resizeHalfPixel equals the OpenCV INTER_LINEAR formula (7x7 → 224x224 and odd sizes)', async () => {
    const src = Array.from({ length: 7 }, (_, i) => Array.from({ length: 7 }, (_, j) => Math.sin(i * 7 + j)));
    for (const [H, W] of [[224, 224], [32, 19]] as const) {
      const out = resizeHalfPixel(tf.tensor3d([src]), [H, W]);
      const got = (await out.array())[0]!;
      const want = cvResize(src, H, W);
      let m = 0;
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) m = Math.max(m, Math.abs(got[y]![x]! - want[y]![x]!));
      expect(m).toBeLessThan(1e-6);
      out.dispose();
    }
  });

  it('a single positive corner cell of a 7x7 map covers 2304 pixels at 224², an interior one 4096 (§1.3)', async () => {
    const count = async (i: number, j: number) => {
      const m = Array.from({ length: 7 }, (_, a) => Array.from({ length: 7 }, (_, b) => (a === i && b === j ? 1 : 0)));
      const out = resizeHalfPixel(tf.tensor3d([m]), [224, 224]);
      const n = (await out.data()).filter((v) => v > 0).length;
      out.dispose();
      return n;
    };
    expect(await count(0, 0)).toBe(2304);
    expect(await count(3, 3)).toBe(4096);
  });

  it('minMaxScale: x-min, /(1e-7+max), per image; zero and constant maps become zero', async () => {
    const x = tf.tensor3d([[[1, 3], [5, 9]], [[0, 0], [0, 0]], [[4, 4], [4, 4]]]);
    const y = await minMaxScale(x).array();
    expect(y[0]![1]![1]).toBeCloseTo(8 / (8 + 1e-7), 7);
    expect(y[0]![0]![0]).toBe(0);
    expect(y[1]).toEqual([[0, 0], [0, 0]]);
    expect(y[2]).toEqual([[0, 0], [0, 0]]);
    x.dispose();
  });

  it('repeatBatch repeats each image n times, image-major', async () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    expect(await repeatBatch(x, 3).array()).toEqual([[1, 2], [1, 2], [1, 2], [3, 4], [3, 4], [3, 4]]);
    x.dispose();
  });
});
