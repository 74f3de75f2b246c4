import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { writeOverlayPng } from '../src/overlay.js';

describe('writeOverlayPng', () => {
  it('writes a PNG of the image size whose hot pixels are redder than its cold ones', async () => {
    const w = 4;
    const h = 1;
    const image = { path: 'x', width: w, height: h, data: new Uint8Array(w * h * 3).fill(128) };
    const out = join(mkdtempSync(join(tmpdir(), 'saliency-ov-')), 'o.png');
    await writeOverlayPng(out, image, Float32Array.from([0, 0.3, 0.6, 1]));
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([w, h]);
    const red = (i: number) => png.data[i * 4]! - png.data[i * 4 + 2]!;
    expect(red(3)).toBeGreaterThan(red(0)); // turbo: blue at 0, red at 1
    expect(png.data[3]).toBe(255);
  });
});
