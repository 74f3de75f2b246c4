import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/run.js';

describe('saliency inspect', () => {
  it('prints layers with shapes, marks the suggested CAM layers and says the output is logits', async () => {
    const r = await runCli(['--backend', 'cpu', 'inspect', '--model', `${FIXTURES}/vggish/model.json`]);
    expect(r.status).toBe(0);
    expect(r.out).toContain('input [32, 32, 3], 10 classes, output logits');
    expect(r.out).toMatch(/target_conv\s+Conv2D\s+\[null, 16, 16, 16\]\s+yes/);
    const j = JSON.parse((await runCli(['--backend', 'cpu', 'inspect', '--model', `${FIXTURES}/vggish/model.json`, '--json'])).out) as {
      backend: string;
      layers: { name: string; spatial: boolean; camTarget: boolean }[];
    };
    expect(j.backend).toBe('cpu');
    expect(j.layers.find((l) => l.name === 'logits')).toMatchObject({ spatial: false, camTarget: false });
  });

  it('names a missing or corrupt model file', async () => {
    const r = await runCli(['inspect', '--model', `${FIXTURES}/nope/model.json`]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/SALIENCY_MODEL_NOT_FOUND: .*nope\/model\.json/);
    const c = await runCli(['inspect', '--model', `${FIXTURES}/inputs.bin`]);
    expect(c.status).toBe(1);
    expect(c.err).toMatch(/SALIENCY_MODEL_INVALID: .*inputs\.bin/);
  });
});
