import * as tf from '@tensorflow/tfjs-core';
import { SaliencyError } from '@saliency/core';

/**
 * torchvision's `_get_gaussian_kernel1d(kernelSize, sigma)` in float32: `x = linspace(-(k-1)/2, (k-1)/2, k)`,
 * `pdf = exp(-0.5 (x/sigma)^2)`, normalised by its float32 sum.
 */
export function gaussianKernel1d(kernelSize: number, sigma: number): Float32Array {
  if (!Number.isInteger(kernelSize) || kernelSize < 1 || kernelSize % 2 === 0) {
    throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `blur: kernel size must be a positive odd integer (got ${kernelSize})`);
  }
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `blur: sigma must be a positive finite number (got ${sigma})`);
  }
  const f = Math.fround;
  const half = (kernelSize - 1) / 2;
  const s = f(sigma);
  const pdf = new Float32Array(kernelSize);
  let sum = 0;
  for (let i = 0; i < kernelSize; i++) {
    const x = f(i - half); // linspace of integers: exact
    const r = f(x / s);
    pdf[i] = f(Math.exp(f(-0.5 * f(r * r))));
    sum = f(sum + pdf[i]!);
  }
  for (let i = 0; i < kernelSize; i++) pdf[i] = f(pdf[i]! / sum);
  return pdf;
}

/** torchvision's default sigma for a kernel size: `0.15·k + 0.35` (1.1 for k = 5). */
export function defaultBlurSigma(kernelSize: number): number {
  return kernelSize * 0.15 + 0.35;
}

/**
 * The reference blur of `utils/misc.py:blur_region_torch`: `torchvision.transforms.functional.gaussian_blur` with
 * kernel `kernelSize` (default 5) and sigma `0.15·k + 0.35` (1.1), i.e. the outer product of the 1-D float32
 * kernel, **reflect** padding of `(k-1)/2`, and a per-channel (depthwise) float32 convolution.
 * `x` is `[B, H, W, C]`; returns a fresh tensor of the same shape. Needs `H, W > (k-1)/2` (reflect padding).
 */
export function referenceBlur(x: tf.Tensor4D, kernelSize = 5, sigma = defaultBlurSigma(kernelSize)): tf.Tensor4D {
  const k1 = gaussianKernel1d(kernelSize, sigma);
  const pad = (kernelSize - 1) / 2;
  const [, h, w, c] = x.shape;
  if (h <= pad || w <= pad) {
    throw new SaliencyError('SALIENCY_INVALID_INPUT', `blur: reflect padding of ${pad} needs an image larger than ${pad}x${pad} (got ${h}x${w})`);
  }
  const k2 = new Float32Array(kernelSize * kernelSize * c);
  for (let i = 0; i < kernelSize; i++) {
    for (let j = 0; j < kernelSize; j++) {
      const v = Math.fround(k1[i]! * k1[j]!);
      for (let ch = 0; ch < c; ch++) k2[(i * kernelSize + j) * c + ch] = v;
    }
  }
  return tf.tidy(() => {
    const padded = tf.mirrorPad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]], 'reflect');
    const kernel = tf.tensor4d(k2, [kernelSize, kernelSize, c, 1], 'float32');
    return tf.depthwiseConv2d(padded, kernel, 1, 'valid');
  });
}
