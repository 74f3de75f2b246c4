/**
 * A hand-made ModelSplit whose every quantity has a closed form, for edge cases the oracle fixtures do not cover.
 *   body:  A[b, i, j, k] = x[b, i, j, 0] * scale[k] + offset[k]            (h, w = the input's H, W)
 *   head:  logits[b, c] = Σ_k mean_ij(A[b, :, :, k]) * W[k][c] + bias[c]
 * so d logit_c / dA[i, j, k] = W[k][c] / (h·w) everywhere.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers every op's gradient (as the real adapters do) for tf.grad below.
import '@tensorflow/tfjs-layers';
import type { BodyOutput, ModelSplit } from '@saliency/core';

export interface ToySpec {
  readonly scale: readonly number[];
  readonly offset: readonly number[];
  /** `[C][N]`. */
  readonly W: readonly (readonly number[])[];
  readonly bias: readonly number[];
}

export function toySplit(spec: ToySpec, size: readonly [number, number]): ModelSplit & { calls: { body: number; head: number; classGradients: number } } {
  const c = spec.scale.length;
  const calls = { body: 0, head: 0, classGradients: 0 };
  const head = (a: tf.Tensor4D): tf.Tensor2D =>
    tf.tidy(() => tf.add(tf.matMul(tf.mean(a, [1, 2]) as tf.Tensor2D, tf.tensor2d(spec.W as number[][])), tf.tensor1d(spec.bias as number[])));
  return {
    calls,
    layer: 'toy',
    activationShape: [size[0], size[1], c],
    crossingNames: [],
    body(input): BodyOutput {
      calls.body++;
      const activation = tf.tidy(() =>
        tf.add(tf.mul(tf.slice(input, [0, 0, 0, 0], [-1, -1, -1, 1]), tf.tensor1d(spec.scale as number[])), tf.tensor1d(spec.offset as number[])),
      ) as tf.Tensor4D;
      return { activation, crossing: [] };
    },
    head(a) {
      calls.head++;
      return head(a);
    },
    classGradients(body, classes) {
      calls.classGradients++;
      return tf.tidy(() => {
        const [b, h, w, ch] = body.activation.shape;
        const k = classes[0]!.length;
        const logits = head(body.activation);
        const tiled = tf.reshape(tf.tile(tf.expandDims(body.activation, 1), [1, k, 1, 1, 1]), [b * k, h, w, ch]) as tf.Tensor4D;
        const oh = tf.oneHot(tf.tensor1d(classes.flat(), 'int32'), spec.bias.length);
        const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(head(a as tf.Tensor4D), oh)))(tiled);
        return { logits, gradients: tf.reshape(g, [b, k, h, w, ch]) };
      });
    },
  };
}

/** Plain-JS reference of §1.3 for one `[h][w]` raw map: ReLU, min-max (1e-7), cv2 INTER_LINEAR resize, optional second min-max. */
export function referenceScale(raw: number[][], H: number, W: number, double: boolean): number[][] {
  const h = raw.length;
  const w = raw[0]!.length;
  const minmax = (m: number[][]): number[][] => {
    const flat = m.flat();
    const lo = Math.min(...flat);
    const shifted = m.map((r) => r.map((v) => v - lo));
    const hi = Math.max(...shifted.flat());
    return shifted.map((r) => r.map((v) => v / (1e-7 + hi)));
  };
  const s = minmax(raw.map((r) => r.map((v) => Math.max(v, 0))));
  const coord = (X: number, out: number, inp: number): [number, number, number] => {
    const f = (X + 0.5) * (inp / out) - 0.5;
    let x0 = Math.floor(f);
    let a = f - x0;
    if (x0 < 0) [x0, a] = [0, 0];
    if (x0 >= inp - 1) [x0, a] = [inp - 1, 0];
    return [x0, Math.min(x0 + 1, inp - 1), a];
  };
  const out = Array.from({ length: H }, (_, Y) => {
    const [y0, y1, b] = coord(Y, H, h);
    return Array.from({ length: W }, (_, X) => {
      const [x0, x1, a] = coord(X, W, w);
      const top = s[y0]![x0]! * (1 - a) + s[y0]![x1]! * a;
      const bot = s[y1]![x0]! * (1 - a) + s[y1]![x1]! * a;
      return top * (1 - b) + bot * b;
    });
  });
  return double ? minmax(out.map((r) => r.map((v) => Math.max(v, 0)))) : out;
}
