import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { preprocess, readImage } from '../src/image.js';

const dir = mkdtempSync(join(tmpdir(), 'saliency-img-'));

function pngFile(name: string, w: number, h: number, px: (x: number, y: number) => [number, number, number, number]): string {
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) png.data.set(px(x, y), (y * w + x) * 4);
  const p = join(dir, name);
  writeFileSync(p, PNG.sync.write(png));
  return p;
}

describe('readImage / preprocess', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('decodes PNG (dropping alpha) and JPEG by content', async () => {
    const p = pngFile('a.png', 3, 2, (x, y) => [x * 10, y * 20, 7, 128]);
    const img = await readImage(p);
    expect([img.width, img.height]).toEqual([3, 2]);
    expect(Array.from(img.data.slice(0, 6))).toEqual([0, 0, 7, 10, 0, 7]);
    const raw = Buffer.alloc(8 * 8 * 4, 200);
    const jp = join(dir, 'b.png'); // wrong extension on purpose: content decides
    writeFileSync(jp, jpeg.encode({ data: raw, width: 8, height: 8 }, 95).data);
    const j = await readImage(jp);
    expect([j.width, j.height]).toEqual([8, 8]);
    expect(Math.abs(j.data[0]! - 200)).toBeLessThanOrEqual(2);
  });

  it('names the file when it is not an image or missing', async () => {
    const t = join(dir, 'not-image.jpg');
    writeFileSync(t, 'hello');
    await expect(readImage(t)).rejects.toThrow(`cannot decode image ${t}: not a PNG or JPEG file (despite its .jpg extension)`);
    await expect(readImage(join(dir, 'missing.png'))).rejects.toThrow(/cannot read image .*missing.png: ENOENT/);
  });

  it('resizes to the model size and applies (pixel/255·scale − mean)/std per channel', async () => {
    const img = await readImage(pngFile('c.png', 2, 2, () => [255, 0, 51, 255]));
    const x = preprocess([img], { size: [2, 2], scale: 1, mean: [0.5, 0, 0.1], std: [0.5, 1, 0.1] });
    const v = Array.from(await x.data()).slice(0, 3);
    expect(v[0]).toBeCloseTo(1, 6);
    expect(v[1]).toBeCloseTo(0, 6);
    expect(v[2]).toBeCloseTo(1, 5);
    const y = preprocess([img], { size: [4, 3], scale: 1, mean: [0, 0, 0], std: [1, 1, 1] });
    expect(y.shape).toEqual([1, 4, 3, 3]);
    tf.dispose([x, y]);
  });
});
