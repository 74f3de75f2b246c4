import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resizeRgbPil, roundHalfEven } from '../../src/data/resize.js';
import { applyPreprocessing, outputSize, resolvePreprocessing } from '../../src/data/preprocess.js';

const fx = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/pil-resize.json'), 'utf8')) as {
  width: number; height: number; data: string; cases: { width: number; height: number; data: string }[];
};
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

describe('resizeRgbPil', () => {
  it.each(fx.cases.map((c) => [`${fx.width}x${fx.height} → ${c.width}x${c.height}`, c] as const))('equals Pillow BILINEAR byte for byte: %s', (_, c) => {
    const out = resizeRgbPil(bytes(fx.data), fx.height, fx.width, c.height, c.width);
    expect(Buffer.from(out).equals(Buffer.from(bytes(c.data)))).toBe(true);
  });
});

describe('preprocessing', () => {
  it('rounds centre-crop offsets half to even, as Python', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3]);
  });

  it('the imagenet preset: short side 256, centre crop 224, mean/std', () => {
    const p = resolvePreprocessing('imagenet', [224, 224]);
    expect(outputSize(p, 375, 500)).toEqual([224, 224]);
    const rgb = new Uint8Array(300 * 400 * 3).fill(128);
    const { data, shape } = applyPreprocessing(p, rgb, 300, 400, 'grey.png');
    expect(shape).toEqual([224, 224, 3]);
    expect(data[0]).toBeCloseTo((128 / 255 - 0.485) / 0.229, 5);
    expect(data[2]).toBeCloseTo((128 / 255 - 0.406) / 0.225, 5);
  });

  it('refuses a crop larger than the resized image, naming the image', () => {
    const p = resolvePreprocessing({ crop: [64, 64] }, [64, 64]);
    expect(() => applyPreprocessing(p, new Uint8Array(32 * 32 * 3), 32, 32, 'small.png')).toThrow(/small\.png: is 32×32 after resizing, smaller than the 64×64 crop/);
  });
});
