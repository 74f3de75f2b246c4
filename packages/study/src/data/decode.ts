import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { SaliencyError } from '@saliency/core';

/** A decoded 8-bit RGB image, row-major. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decodes PNG or JPEG bytes (by content, not by extension); alpha is dropped, grey expanded to RGB. */
export function decodeImage(bytes: Uint8Array, where: string): RgbImage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isPng = buf.subarray(0, 8).equals(PNG_MAGIC);
  const isJpeg = buf[0] === 0xff && buf[1] === 0xd8;
  let rgba: { width: number; height: number; data: Uint8Array };
  try {
    if (isPng) rgba = PNG.sync.read(buf);
    else if (isJpeg) rgba = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    else throw new Error(`not a PNG or JPEG file${extname(where) ? ` (despite its ${extname(where)} extension)` : ''}`);
  } catch (e) {
    // The decoders' own messages ("There are some read requests waiting on finished stream") do not say what is wrong.
    const what = isPng ? 'corrupt or truncated PNG: ' : isJpeg ? 'corrupt or truncated JPEG: ' : '';
    throw new SaliencyError('SALIENCY_INVALID_IMAGE', `cannot decode image ${where}: ${what}${(e as Error).message}`, { file: where });
  }
  const n = rgba.width * rgba.height;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[i * 3] = rgba.data[i * 4]!;
    data[i * 3 + 1] = rgba.data[i * 4 + 1]!;
    data[i * 3 + 2] = rgba.data[i * 4 + 2]!;
  }
  return { width: rgba.width, height: rgba.height, data };
}

/** Reads and decodes an image file; errors name the file. */
export async function readImageFile(path: string): Promise<RgbImage> {
  const bytes = await readFile(path).catch((e: NodeJS.ErrnoException) => {
    throw new SaliencyError('SALIENCY_INVALID_IMAGE', `cannot read image ${path}: ${e.code ?? e.message}`, { file: path });
  });
  return decodeImage(bytes, path);
}

/** Encodes row-major RGB bytes as a PNG. */
export function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[i * 4] = rgb[i * 3]!;
    png.data[i * 4 + 1] = rgb[i * 3 + 1]!;
    png.data[i * 4 + 2] = rgb[i * 3 + 2]!;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}
