import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { registerFastGradients } from './fast-gradients.js';

/**
 * Training kernels for the wasm backend. Stock wasm (4.22) lacks `Conv2DBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropFilter` and `DepthwiseConv2dNativeBackpropInput` (the pure-JS cpu kernels that
 * `@saliency/adapters` delegates them to take ~30 s for one 64×32×32×16 layer), and its `Conv2DBackpropInput` is
 * ~10× slower than its forward convolution. Each is rewritten here as a forward convolution, which wasm runs with
 * XNNPACK at full speed:
 *
 * - `Conv2DBackpropFilter`: `dW[i,j,ci,co] = Σ_{b,y,x} X̂[b, y·s+i, x·s+j, ci]·dY[b,y,x,co]` (X̂ = padded input) is a
 *   valid convolution of X̂ᵀ (`[Ci, Ĥ, Ŵ, B]`: channels as batch, batch as channels) with dYᵀ (`[outH, outW, B, Co]`)
 *   as the filter, dilated by the stride.
 * - `Conv2DBackpropInput`: the full convolution of dY (zero-dilated by the stride) with the filter rotated by 180°
 *   and its in/out channels swapped.
 * - `DepthwiseConv2dNativeBackpropFilter` (channel multiplier 1): a depthwise convolution of X̂ (`[1, Ĥ, Ŵ, C·B]`)
 *   with dY as a `[outH, outW, C·B, 1]` filter dilated by the stride, then a sum over B.
 * - `DepthwiseConv2dNativeBackpropInput` (multiplier 1): the depthwise analogue of `Conv2DBackpropInput`.
 * - `MaxPoolGrad` for non-overlapping windows (pool size = stride, no padding): each window's gradient goes to its
 *   first maximum in row-major order (`argMax` over the window, as the cpu kernel's strict `>` scan), via a one-hot.
 *   (Stock wasm's drops the gradient of windows whose maximum is negative; the cpu delegate is correct but slow.)
 * - `BatchMatMul` with `transposeA`/`transposeB` (every Dense layer's backward pass: `dW = xᵀ·dy`, `dx = dy·Wᵀ`):
 *   stock wasm is 6–20× slower with a transpose flag than without (16384×32ᵀ · 16384×128: 139 ms vs 22 ms with an
 *   explicit transpose first), so the operand is transposed explicitly and the stock kernel runs without flags.
 *
 * Cases outside these (dilated forward convolutions, multiplier > 1, NCHW) call the kernel registered before.
 * A kernel may return a Tensor (the engine accepts it as its output, see `Engine.runKernelFunc`), and ops run inside a
 * kernel are not recorded on the gradient tape (the engine records only at kernel depth 0).
 */
export const TRAINING_KERNELS = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'MaxPoolGrad',
  'BatchMatMul',
] as const;
export type TrainingKernel = (typeof TRAINING_KERNELS)[number];

type Conv2DInfo = tf.backend_util.Conv2DInfo;
type Shape4 = [number, number, number, number];

/** Runs `fn` on the kernel inputs as Tensors (ops pass Tensors; a bare TensorInfo gets a temporary reference). */
function withTensors(inputs: NamedTensorInfoMap, names: readonly string[], fn: (ts: tf.Tensor[]) => tf.Tensor): tf.Tensor {
  const wrapped = names.map((n) => {
    const info = inputs[n]!;
    return (info as tf.Tensor).rank !== undefined ? { t: info as tf.Tensor, owned: false } : { t: tf.engine().makeTensorFromTensorInfo(info), owned: true };
  });
  try {
    return tf.tidy(() => fn(wrapped.map((w) => w.t)));
  } finally {
    for (const w of wrapped) if (w.owned) w.t.dispose();
  }
}

function convInfo(xShape: readonly number[], filterShape: readonly number[], attrs: NamedAttrMap, depthwise: boolean): Conv2DInfo {
  const { strides, pad, dimRoundingMode, dilations } = attrs as {
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    dilations?: number | [number, number];
  };
  return tf.backend_util.computeConv2DInfo(xShape as Shape4, filterShape as Shape4, strides, dilations ?? 1, pad, dimRoundingMode, depthwise);
}

/** True when the kernel's case is one handled here: NHWC, no dilation. */
function supported(attrs: NamedAttrMap): boolean {
  const { dataFormat, dilations } = attrs as { dataFormat?: string; dilations?: unknown };
  const one = dilations === undefined || dilations === 1 || (Array.isArray(dilations) && dilations.every((v) => v === 1));
  return (dataFormat === undefined || dataFormat === 'NHWC') && one;
}

/**
 * X padded as the forward convolution pads it and cropped to the rows/cols some tap reads, so that a valid
 * correlation with an `[outH, outW]` filter dilated by the stride yields exactly `[kh, kw]` outputs.
 */
function paddedInput(x: tf.Tensor4D, info: Conv2DInfo): tf.Tensor4D {
  const { top, left } = info.padInfo;
  const needH = info.strideHeight * (info.outHeight - 1) + info.filterHeight;
  const needW = info.strideWidth * (info.outWidth - 1) + info.filterWidth;
  const [, h, w] = x.shape;
  const bottom = needH - top - h;
  const right = needW - left - w;
  let p = x;
  if (top || left || bottom > 0 || right > 0) p = tf.pad(p, [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]]);
  if (bottom < 0 || right < 0) p = tf.slice(p, [0, 0, 0, 0], [-1, needH, needW, -1]);
  return p;
}

/**
 * dY zero-dilated by the stride and padded so that a valid correlation with the 180°-rotated filter gives dX of
 * `inputShape`: `dX[y] = Σ_i dY[(y + pt − i)/s]·W[i]` over the i where the index is integral and in range.
 */
function fullPaddedGrad(dy: tf.Tensor4D, info: Conv2DInfo, h: number, w: number): tf.Tensor4D {
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const [b, oh, ow, c] = dy.shape;
  let d = dy;
  if (sh > 1 || sw > 1) {
    d = tf.reshape(tf.pad(tf.reshape(d, [b, oh, 1, ow, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]), [b, oh * sh, ow * sw, c]);
  }
  // Dilated dY has oh·s rows: (oh−1)·s+1 meaningful ones and s−1 trailing zeros. It needs pt rows of zeros on top
  // (pt, pl ≥ 0: the forward pad never exceeds k−1) and enough at the bottom for h outputs; a negative bottom means
  // trailing rows (zeros first) that no output reads, cut off instead.
  const pt = kh - 1 - info.padInfo.top;
  const pl = kw - 1 - info.padInfo.left;
  const pb = h + kh - 1 - pt - d.shape[1];
  const pr = w + kw - 1 - pl - d.shape[2];
  if (pb < 0 || pr < 0) d = tf.slice(d, [0, 0, 0, 0], [-1, d.shape[1] + Math.min(pb, 0), d.shape[2] + Math.min(pr, 0), -1]);
  if (pt || pl || pb > 0 || pr > 0) d = tf.pad(d, [[0, 0], [pt, Math.max(pb, 0)], [pl, Math.max(pr, 0)], [0, 0]]);
  return d;
}

const conv2DBackpropFilter = (fallback: KernelFunc | undefined): KernelFunc => (args) => {
  const { inputs } = args;
  const attrs = args.attrs ?? {};
  if (!supported(attrs)) return callFallback('Conv2DBackpropFilter', fallback, args);
  const { filterShape } = attrs as { filterShape: Shape4 };
  const info = convInfo(inputs.x!.shape, filterShape, attrs, false);
  return withTensors(inputs, ['x', 'dy'], ([x, dy]) => {
    const xt = tf.transpose(paddedInput(x as tf.Tensor4D, info), [3, 1, 2, 0]) as tf.Tensor4D; // [Ci, Ĥ, Ŵ, B]
    const f = tf.transpose(dy!, [1, 2, 0, 3]) as tf.Tensor4D; // [outH, outW, B, Co]
    const out = tf.conv2d(xt, f, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]); // [Ci, kh, kw, Co]
    return tf.transpose(out, [1, 2, 0, 3]);
  });
};

const conv2DBackpropInput = (fallback: KernelFunc | undefined): KernelFunc => (args) => {
  const { inputs } = args;
  const attrs = args.attrs ?? {};
  if (!supported(attrs)) return callFallback('Conv2DBackpropInput', fallback, args);
  const { inputShape } = attrs as { inputShape: Shape4 };
  const info = convInfo(inputShape, inputs.filter!.shape, attrs, false);
  return withTensors(inputs, ['dy', 'filter'], ([dy, filter]) => {
    const d = fullPaddedGrad(dy as tf.Tensor4D, info, inputShape[1], inputShape[2]);
    const rot = tf.transpose(tf.reverse(filter!, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D; // [kh, kw, Co, Ci]
    return tf.conv2d(d, rot, 1, 'valid');
  });
};

const depthwiseBackpropFilter = (fallback: KernelFunc | undefined): KernelFunc => (args) => {
  const { inputs } = args;
  const attrs = args.attrs ?? {};
  const { filterShape } = attrs as { filterShape: Shape4 };
  if (!supported(attrs) || filterShape[3] !== 1) return callFallback('DepthwiseConv2dNativeBackpropFilter', fallback, args);
  const info = convInfo(inputs.x!.shape, filterShape, attrs, true);
  const [kh, kw, c] = filterShape;
  return withTensors(inputs, ['x', 'dy'], ([x, dy]) => {
    const xp = paddedInput(x as tf.Tensor4D, info);
    const [b, hp, wp] = xp.shape;
    // Channel (c, b) of one big image: X̂[b, :, :, c]; its depthwise filter: dY[b, :, :, c].
    const img = tf.reshape(tf.transpose(xp, [1, 2, 3, 0]), [1, hp, wp, c * b]) as tf.Tensor4D;
    const f = tf.reshape(tf.transpose(dy!, [1, 2, 3, 0]), [info.outHeight, info.outWidth, c * b, 1]) as tf.Tensor4D;
    const out = tf.depthwiseConv2d(img, f, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]); // [1, kh, kw, C·B]
    return tf.reshape(tf.sum(tf.reshape(out, [kh, kw, c, b]), 3), [kh, kw, c, 1]);
  });
};

const depthwiseBackpropInput = (fallback: KernelFunc | undefined): KernelFunc => (args) => {
  const { inputs } = args;
  const attrs = args.attrs ?? {};
  const filter = inputs.filter!;
  if (!supported(attrs) || filter.shape[3] !== 1) return callFallback('DepthwiseConv2dNativeBackpropInput', fallback, args);
  const { inputShape } = attrs as { inputShape: Shape4 };
  const info = convInfo(inputShape, filter.shape, attrs, true);
  return withTensors(inputs, ['dy', 'filter'], ([dy, ft]) => {
    const d = fullPaddedGrad(dy as tf.Tensor4D, info, inputShape[1], inputShape[2]);
    return tf.depthwiseConv2d(d, tf.reverse(ft!, [0, 1]) as tf.Tensor4D, 1, 'valid');
  });
};

const maxPoolGrad = (fallback: KernelFunc | undefined): KernelFunc => (args) => {
  const { inputs } = args;
  const attrs = args.attrs ?? {};
  const { filterSize, strides, pad, dimRoundingMode } = attrs as {
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: 'valid' | 'same' | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const x = inputs.input!;
  const info = tf.backend_util.computePool2DInfo(x.shape as Shape4, filterSize, strides, 1, pad, dimRoundingMode);
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, padInfo, outHeight: oh, outWidth: ow } = info;
  if (fh !== sh || fw !== sw || padInfo.top || padInfo.left || padInfo.bottom || padInfo.right || oh * sh > x.shape[1]! || ow * sw > x.shape[2]!) {
    return callFallback('MaxPoolGrad', fallback, args);
  }
  const [b, h, w, c] = x.shape as Shape4;
  return withTensors(inputs, ['dy', 'input'], ([dy, input]) => {
    let xc = input as tf.Tensor4D;
    if (oh * sh !== h || ow * sw !== w) xc = tf.slice(xc, [0, 0, 0, 0], [b, oh * sh, ow * sw, c]);
    // [B, oh, fh, ow, fw, C] → [B, oh, ow, C, fh·fw]: the window of each output, flattened row-major.
    const win = tf.reshape(tf.transpose(tf.reshape(xc, [b, oh, fh, ow, fw, c]), [0, 1, 3, 5, 2, 4]), [b, oh, ow, c, fh * fw]);
    const hot = tf.mul(tf.cast(tf.oneHot(tf.argMax(win, 4), fh * fw), 'float32'), tf.expandDims(dy!, 4));
    let dx = tf.reshape(tf.transpose(tf.reshape(hot, [b, oh, ow, c, fh, fw]), [0, 1, 4, 2, 5, 3]), [b, oh * sh, ow * sw, c]);
    if (oh * sh !== h || ow * sw !== w) dx = tf.pad(dx, [[0, 0], [0, h - oh * sh], [0, w - ow * sw], [0, 0]]);
    return dx;
  });
};

const batchMatMul = (fallback: KernelFunc | undefined): KernelFunc => (args) => {
  const { inputs } = args;
  const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
  if (!fallback) throw new Error('BatchMatMul: the zoo training kernel wraps the registered kernel, and there is none');
  if (!attrs.transposeA && !attrs.transposeB) return fallback(args);
  const swapLast = (t: tf.Tensor): tf.Tensor => {
    const perm = t.shape.map((_, i) => i);
    [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1]!, perm[perm.length - 2]!];
    return tf.transpose(t, perm);
  };
  const made: tf.Tensor[] = [];
  try {
    const [a, b] = (['a', 'b'] as const).map((n) => {
      const info = inputs[n]!;
      const t = (info as tf.Tensor).rank !== undefined ? (info as tf.Tensor) : tf.engine().makeTensorFromTensorInfo(info);
      if (t !== info) made.push(t);
      const flip = n === 'a' ? attrs.transposeA : attrs.transposeB;
      if (!flip) return t;
      const tt = swapLast(t);
      made.push(tt);
      return tt;
    });
    return fallback({ ...args, inputs: { ...inputs, a: a!, b: b! }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
  } finally {
    tf.dispose(made);
  }
};

function callFallback(name: string, fallback: KernelFunc | undefined, args: Parameters<KernelFunc>[0]): TensorInfo | TensorInfo[] {
  if (!fallback) throw new Error(`${name}: this case (dilation, NCHW or channel multiplier > 1) is not handled by the zoo's training kernels, and no other kernel is registered`);
  return fallback(args);
}

const MAKERS: Record<TrainingKernel, (fallback: KernelFunc | undefined) => KernelFunc> = {
  Conv2DBackpropFilter: conv2DBackpropFilter,
  Conv2DBackpropInput: conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  MaxPoolGrad: maxPoolGrad,
  BatchMatMul: batchMatMul,
};

/**
 * Registers the training kernels for `backendName`, and the fast gradients of {@link registerFastGradients} (default `wasm`; they are plain ops, so any backend works),
 * replacing what is registered there (the stock kernel, or @saliency/adapters' cpu delegates), which stays the
 * fallback for the unsupported cases. Returns a function that restores the previous registrations exactly.
 * Call it after the backend is selected, and restore before saliency work if you want the stock kernels back.
 */
export function registerTrainingKernels(backendName = 'wasm'): () => void {
  const restoreGradients = registerFastGradients();
  const previous = new Map<string, KernelConfig | undefined>();
  for (const name of TRAINING_KERNELS) {
    const prev = tf.getKernel(name, backendName);
    previous.set(name, prev);
    if (prev) tf.unregisterKernel(name, backendName);
    tf.registerKernel({ kernelName: name, backendName, kernelFunc: MAKERS[name](prev?.kernelFunc) });
  }
  return () => {
    for (const [name, prev] of previous) {
      if (tf.getKernel(name, backendName)) tf.unregisterKernel(name, backendName);
      if (prev) tf.registerKernel(prev);
    }
    restoreGradients();
  };
}
