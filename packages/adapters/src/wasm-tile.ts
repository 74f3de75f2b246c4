import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of the wasm backend a copy kernel needs (its class is not exported as a type we can name portably). */
interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * `tile` on the wasm heap by block copies. The stock wasm `Tile` computes an index per element: ~100–400 ns per
 * element, 100× a broadcasting multiply, and it sits on saliency's hot paths (the gradient of BatchNormalization
 * tiles 1/σ to the activation's shape; `broadcastTo` and `where` with broadcasting go through it). Here, with `j` the
 * number of leading axes that have a repetition, each output row of those axes copies one contiguous input block
 * (the trailing axes, not repeated) `reps[j-1]` times with `TypedArray.set`, or `fill`s when the block is one value.
 * A pure copy: the result equals the stock kernel's bit for bit.
 */
export function tileOnHeap(backend: WasmHeap, x: TensorInfo, reps: readonly number[]): TensorInfo {
  const shape = x.shape;
  const outShape = shape.map((d, i) => d * reps[i]!);
  const out = backend.makeOutput(outShape, x.dtype);
  if (tf.util.sizeFromShape(outShape) === 0) return out;
  // Views after makeOutput: allocating can grow the heap, which detaches earlier views.
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  let j = shape.length;
  while (j > 0 && reps[j - 1] === 1) j--;
  if (j === 0) {
    dst.set(src);
    return out;
  }
  const block = tf.util.sizeFromShape(shape.slice(j)); // trailing axes, copied whole
  const unit = shape[j - 1]! * block; // one input row of axis j-1, written reps[j-1] times in a row
  const times = reps[j - 1]!;
  // Input strides of the axes before j-1, in elements.
  const inStride = shape.map((_, d) => tf.util.sizeFromShape(shape.slice(d + 1)));
  const idx = new Array<number>(j - 1).fill(0);
  const rows = tf.util.sizeFromShape(outShape.slice(0, j - 1));
  for (let row = 0, at = 0; row < rows; row++) {
    let from = 0;
    for (let d = 0; d < j - 1; d++) from += (idx[d]! % shape[d]!) * inStride[d]!;
    if (unit === 1) {
      dst.fill(src[from]!, at, at + times);
      at += times;
    } else {
      const piece = src.subarray(from, from + unit);
      for (let r = 0; r < times; r++, at += unit) dst.set(piece, at);
    }
    for (let d = j - 2; d >= 0; d--) {
      if (++idx[d]! < outShape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** The kernel config registering {@link tileOnHeap} as `Tile` for `wasm`. */
export const wasmTileConfig: KernelConfig = {
  kernelName: 'Tile',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => tileOnHeap(backend as unknown as WasmHeap, inputs.x as TensorInfo, (attrs as unknown as { reps: number[] }).reps),
};
