/**
 * Pillow's `Image.resize(size, BILINEAR)` on 8-bit RGB, reproduced in integer arithmetic (libImaging/Resample.c):
 * a triangle filter whose support widens by the downscale factor (that widening *is* PIL's antialiasing), weights
 * normalised per output pixel and quantised to 22 fractional bits, a horizontal pass rounded to uint8, then a
 * vertical pass. torchvision's `Resize` on a PIL image calls exactly this, so ImageNet preprocessing matches the
 * reference's logits; TF.js's `resizeBilinear` does not antialias and would not.
 */
const PRECISION_BITS = 32 - 8 - 2;

interface Coefficients {
  /** First input index of each output pixel's window. */
  readonly start: Int32Array;
  readonly count: Int32Array;
  /** `out × ksize` fixed-point weights. */
  readonly weights: Int32Array;
  readonly ksize: number;
}

const triangle = (x: number): number => {
  const a = Math.abs(x);
  return a < 1 ? 1 - a : 0;
};

function coefficients(inSize: number, outSize: number, antialias: boolean): Coefficients {
  const scale = inSize / outSize;
  const filterScale = antialias ? Math.max(scale, 1) : 1;
  const support = 1 * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  const ss = 1 / filterScale; // Pillow multiplies by the reciprocal; dividing would round differently
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    // C's (int) truncates toward zero; center - support + 0.5 can be negative, then clamped to 0 anyway.
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      k[x] = triangle((x + xmin - center + 0.5) * ss);
      ww += k[x]!;
    }
    for (let x = 0; x < xmax; x++) {
      const w = ww === 0 ? 0 : k[x]! / ww;
      weights[o * ksize + x] = Math.trunc(w * (1 << PRECISION_BITS) + (w < 0 ? -0.5 : 0.5));
    }
    start[o] = xmin;
    count[o] = xmax;
  }
  return { start, count, weights, ksize };
}

const clip8 = (v: number): number => {
  const s = Math.floor(v / (1 << PRECISION_BITS)); // arithmetic >> on the int32 accumulator
  return s < 0 ? 0 : s > 255 ? 255 : s;
};

/** One separable pass over `lines` lines of `channels`-interleaved pixels, along a stride. */
function pass(src: Uint8Array, dst: Uint8Array, c: Coefficients, lines: number, inStep: number, outStep: number, lineIn: number, lineOut: number, outSize: number): void {
  for (let line = 0; line < lines; line++) {
    for (let o = 0; o < outSize; o++) {
      for (let ch = 0; ch < 3; ch++) {
        let acc = 1 << (PRECISION_BITS - 1);
        const s0 = c.start[o]!;
        for (let x = 0; x < c.count[o]!; x++) acc += src[line * lineIn + (s0 + x) * inStep + ch]! * c.weights[o * c.ksize + x]!;
        dst[line * lineOut + o * outStep + ch] = clip8(acc);
      }
    }
  }
}

/** Resizes a row-major RGB image (`h·w·3` bytes) to `outH × outW`, as Pillow's BILINEAR filter does. */
export function resizeRgbPil(data: Uint8Array, h: number, w: number, outH: number, outW: number, antialias = true): Uint8Array {
  let cur = data;
  let curW = w;
  if (outW !== w) {
    const next = new Uint8Array(h * outW * 3);
    pass(cur, next, coefficients(w, outW, antialias), h, 3, 3, w * 3, outW * 3, outW);
    cur = next;
    curW = outW;
  }
  if (outH !== h) {
    const next = new Uint8Array(outH * curW * 3);
    // Vertical: a "line" is a column; consecutive input pixels are a row apart.
    pass(cur, next, coefficients(h, outH, antialias), curW, curW * 3, curW * 3, 3, 3, outH);
    cur = next;
  }
  return cur === data ? data.slice() : cur;
}

/** Python 3's `round()` (half to even), which torchvision's `CenterCrop` uses for its offsets. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
