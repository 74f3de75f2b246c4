import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { FIXTURES, runCli, spawnCli } from './helpers/run.js';

describe('saliency (entry point)', () => {
  it('--help lists the commands, --version prints the version', async () => {
    const help = await runCli(['--help']);
    expect(help.status).toBe(0);
    for (const c of ['plugins', 'inspect', 'explain', 'verify']) expect(help.out + help.err).toContain(c);
    const v = await runCli(['--version']);
    expect(v.status).toBe(0);
    expect(v.out.trim()).toBe(pkg.version);
  });

  it('usage errors exit 2 with commander\'s message', async () => {
    const r = await runCli(['inspect']);
    expect(r.status).toBe(2);
    expect(r.err).toContain("required option '-m, --model <model.json|zoo:id>' not specified");
  });

  it('a failing command prints exactly one clean line and exits 1 (real process, wasm backend loaded)', () => {
    const r = spawnCli(['inspect', '--model', 'does/not/exist/model.json']);
    expect(r.status).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^saliency: SALIENCY_MODEL_NOT_FOUND: .*does\/not\/exist\/model\.json/);
    expect(r.out).toBe('');
  });

  it('inspect through the real binary on a shipped model', () => {
    const r = spawnCli(['inspect', '--model', `${FIXTURES}/resish/model.json`, '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.out) as { meta: { numClasses: number }; suggestedLayers: string[] };
    expect(j.meta.numClasses).toBe(10);
    expect(j.suggestedLayers[0]).toBe('head_conv');
  });
});
