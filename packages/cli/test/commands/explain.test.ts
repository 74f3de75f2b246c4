import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/run.js';

const dir = mkdtempSync(join(tmpdir(), 'saliency-explain-'));

/** Fixture image 0 (32×32 in [0,1]) upscaled to 64×64 as PNG and JPEG files, as a user would give them. */
function writeImages(): { png: string; jpg: string } {
  const raw = readFileSync(join(FIXTURES, 'inputs.bin'));
  const f = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const S = 64;
  const png = new PNG({ width: S, height: S });
  for (let y = 0; y < S; y++)
    for (let x = 0; x < S; x++) {
      const s = ((y >> 1) * 32 + (x >> 1)) * 3;
      for (let c = 0; c < 3; c++) png.data[(y * S + x) * 4 + c] = Math.round(255 * f[s + c]!);
      png.data[(y * S + x) * 4 + 3] = 255;
    }
  const out = { png: join(dir, 'img.png'), jpg: join(dir, 'img.jpg') };
  writeFileSync(out.png, PNG.sync.write(png));
  writeFileSync(out.jpg, jpeg.encode({ data: png.data, width: S, height: S }, 92).data);
  return out;
}

const model = `${FIXTURES}/resish/model.json`;
const methods = ['cam/grad-cam', 'cam/grad-cam-plus-plus', 'cam/score-cam', 'cam/ablation-cam', 'cam/layer-cam', 'case/case'];

describe('saliency explain', () => {
  const img = writeImages();

  it.each(methods)('%s on a PNG and a JPEG writes overlay PNGs at the image size and the JSON maps', async (method) => {
    const stem = join(dir, method.replace('/', '_'));
    const r = await runCli(['--no-discovery', 'explain', '--model', model, '--method', method, '--image', img.png, '--image', img.jpg, '--out', `${stem}.png`, '--json', `${stem}.json`]);
    expect(r.err).not.toContain('SALIENCY_');
    expect(r.status).toBe(0);
    for (const i of [0, 1]) {
      const png = PNG.sync.read(readFileSync(`${stem}-${i}.png`));
      expect([png.width, png.height]).toEqual([64, 64]);
      const j = JSON.parse(readFileSync(`${stem}-${i}.json`, 'utf8')) as Record<string, any>;
      expect(j).toMatchObject({ model, layer: 'head_conv', method, backend: expect.any(String), target: 'top1', class: expect.any(Number) });
      expect(j.map.shape).toEqual([32, 32]);
      expect(j.raw.shape).toEqual([16, 16]);
      expect(j.map.data.every((v: number) => v >= 0 && v <= 1)).toBe(true);
      if (method !== 'cam/layer-cam') expect(j.weights.shape).toEqual([16]);
      if (method === 'case/case') expect(j.contrasts).toHaveLength(1);
    }
  });

  it('explains an explicit class with a confusion-matrix file and spatial CASE options', async () => {
    const m = join(dir, 'conf.json');
    writeFileSync(m, JSON.stringify(Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 100 : (i * 7 + j * 3) % 11)))));
    const out = join(dir, 'spatial.json');
    const r = await runCli(['--no-discovery', 'explain', '--model', model, '--method', 'case/case', '--method-options', '{"gradient":"spatial"}', '--image', img.png, '--target', '4', '--contrast-matrix', m, '--contrast-k', '2', '--json', out]);
    expect(r.status).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { class: number; contrasts: number[]; options: Record<string, unknown> };
    expect(j.class).toBe(4);
    expect(j.contrasts).toEqual([5, 1]); // row 4: (28+3j) % 11 is 10 at j=5, 9 at j=1, 8 at j=8; the diagonal (target) is excluded
    expect(j.options).toMatchObject({ gradient: 'spatial', contrastK: 2 });
  });

  it('names the bad image, class, option or flag', async () => {
    const bad = join(dir, 'bad.png');
    writeFileSync(bad, 'not an image');
    const cases: [string[], RegExp][] = [
      [['--image', bad], /SALIENCY_INVALID_IMAGE: cannot decode image .*bad\.png/],
      [['--image', img.png, '--target', '12'], /SALIENCY_INVALID_TARGET: --target must be top1, top2 or a class index in \[0, 10\) \(got 12\)/],
      [['--image', img.png, '--method-options', '{"eps":-1}'], /SALIENCY_INVALID_OPTIONS: Plugin "cam\/grad-cam": options has unknown option "eps"/],
      [['--image', img.png, '--layer', 'head_cnv'], /SALIENCY_UNKNOWN_LAYER: .*head_cnv.*head_conv/],
      [['--image', img.png, '--std', '1,0,1'], /--std must not contain 0/],
    ];
    for (const [extra, msg] of cases) {
      const r = await runCli(['--no-discovery', 'explain', '--model', model, '--method', 'cam/grad-cam', '--json', join(dir, 'x.json'), ...extra]);
      expect(r.status).toBe(1);
      expect(r.err).toMatch(msg);
    }
    const unknown = await runCli(['--no-discovery', 'explain', '--model', model, '--method', 'cam/gradcam', '--image', img.png, '--out', join(dir, 'y.png')]);
    expect(unknown.err).toMatch(/SALIENCY_UNKNOWN_PLUGIN: .*did you mean "cam\/grad-cam"/);
  });

  it('takes a shipped zoo model as zoo:<id>, with its recommended layer and shipped confusion matrix as defaults', async () => {
    const { renderPartsSample, MINI_MODELS, designedConfuser } = await import('@saliency/zoo');
    const sample = renderPartsSample(1, 'test', 3); // a held-out image of the data the zoo was trained on
    const png = new PNG({ width: 32, height: 32 });
    for (let i = 0; i < 32 * 32; i++) {
      for (let c = 0; c < 3; c++) png.data[i * 4 + c] = Math.round(255 * sample.image[i * 3 + c]!);
      png.data[i * 4 + 3] = 255;
    }
    const file = join(dir, 'parts.png');
    writeFileSync(file, PNG.sync.write(png));
    const spec = MINI_MODELS.find((m) => m.id === 'convnext_mini')!; // a custom layer (LayerScale) must load too
    const r = await runCli(['--no-discovery', 'explain', '--model', 'zoo:convnext_mini', '--method', 'case/case', '--image', file, '--json', join(dir, 'zoo.json')]);
    expect(r.err).not.toContain('SALIENCY_');
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'zoo.json'), 'utf8')) as { layer: string; class: number; contrasts: number[]; contrast: { selector: string; options: { path: string } } };
    expect(doc.layer).toBe(spec.targetLayers[0]!.layer);
    expect(doc.contrast.selector).toBe('case/confusion-matrix');
    expect(doc.contrast.options.path).toMatch(/packages\/zoo\/models\/convnext_mini\/confusion\.json$/);
    expect(doc.class).toBe(sample.label);
    // The shipped matrix's most confused class for a label is its designed confuser (docs/zoo.md).
    expect(doc.contrasts).toEqual([designedConfuser(sample.label)]);
    const bad = await runCli(['--no-discovery', 'explain', '--model', 'zoo:resnet_min', '--method', 'case/case', '--image', file, '--json', join(dir, 'x.json')]);
    expect(bad.status).toBe(1);
    expect(bad.err).toMatch(/^saliency: SALIENCY_MODEL_NOT_FOUND: --model: unknown zoo model "resnet_min" \(shipped: .*resnet_mini.*; did you mean "resnet_mini"\?\)\n$/);
  });
});
