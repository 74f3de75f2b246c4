import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { SaliencyError } from '@saliency/core';

/** A decoded 8-bit RGB image. */
export interface RgbImage {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  /** `height*width*3` bytes, row-major RGB. */
  readonly data: Uint8Array;
}

/** Decodes a PNG or JPEG file (by content, not extension); alpha is dropped, grey is expanded to RGB. */
export async function readImage(path: string): Promise<RgbImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new SaliencyError('SALIENCY_INVALID_IMAGE', `cannot read image ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  let rgba: { width: number; height: number; data: Uint8Array };
  try {
    if (isPng) rgba = PNG.sync.read(bytes);
    else if (isJpeg) rgba = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    else throw new Error(`not a PNG or JPEG file${extname(path) ? ` (despite its ${extname(path)} extension)` : ''}`);
  } catch (e) {
    // The decoders' own messages ("There are some read requests waiting on finished stream") do not say what is wrong.
    const what = isPng ? 'corrupt or truncated PNG: ' : isJpeg ? 'corrupt or truncated JPEG: ' : '';
    throw new SaliencyError('SALIENCY_INVALID_IMAGE', `cannot decode image ${path}: ${what}${(e as Error).message}`);
  }
  const n = rgba.width * rgba.height;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[i * 3] = rgba.data[i * 4]!;
    data[i * 3 + 1] = rgba.data[i * 4 + 1]!;
    data[i * 3 + 2] = rgba.data[i * 4 + 2]!;
  }
  return { path, width: rgba.width, height: rgba.height, data };
}

export interface Preprocessing {
  /** `[H, W]` the model takes. */
  readonly size: readonly [number, number];
  readonly scale: number;
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** Resizes to the model's input size (bilinear, half-pixel) and applies `x = (pixel/255·scale − mean)/std`. */
export function preprocess(images: readonly RgbImage[], p: Preprocessing): tf.Tensor4D {
  return tf.tidy(() => {
    const each = images.map((img) => {
      const t = tf.tensor3d(Float32Array.from(img.data), [img.height, img.width, 3]);
      const resized = img.height === p.size[0] && img.width === p.size[1] ? t : tf.image.resizeBilinear(t, [p.size[0], p.size[1]], false, true);
      return tf.div(tf.sub(tf.mul(resized, p.scale / 255), tf.tensor1d([...p.mean])), tf.tensor1d([...p.std]));
    });
    return tf.stack(each) as tf.Tensor4D;
  });
}
