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

  it('inspects a shipped zoo model by zoo:<id>', async () => {
    const r = await runCli(['--no-discovery', '--backend', 'cpu', 'inspect', '--model', 'zoo:densenet_mini', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.out) as { meta: { id: string; source: string }; layers: { name: string; spatial: boolean }[] };
    expect(j.meta.source).toMatch(/packages\/zoo\/models\/densenet_mini\/model\.json$/);
    // The DenseNet-style net has both layers of the paper's Table II ablation: the sparse last conv and the final norm.
    expect(j.layers.filter((l) => ['conv3_block4_2_conv', 'bn'].includes(l.name)).map((l) => l.spatial)).toEqual([true, true]);
  });
});

