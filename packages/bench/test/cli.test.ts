import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli.js';
import { DEFAULTS } from '../src/config.js';

describe('pnpm bench arguments', () => {
  it('defaults to every model, batch 1 and 8, every case, partial Score-CAM over 32 channels', () => {
    expect(parseArgs([])).toEqual(DEFAULTS);
  });

  it('--quick is ResNet-50 at batch 1 with the acceptance cases; explicit options override it', () => {
    const q = parseArgs(['--quick']);
    expect(q).toMatchObject({ models: ['resnet50'], batches: [1], ks: [3], runs: 2 });
    expect(q.methods).toContain('workload-rq1');
    expect(q.methods).not.toContain('cam/score-cam');
    expect(parseArgs(['--quick', '--runs', '5', '--methods', 'body-forward,cam/score-cam', '--score-cam-channels', 'all', '--json', 'o.json'])).toMatchObject({
      runs: 5, methods: ['body-forward', 'cam/score-cam'], scoreCamChannels: 'all', json: 'o.json',
    });
  });

  it('rejects unknown cases, bad counts and unknown backends', () => {
    expect(() => parseArgs(['--methods', 'cam/grad-cam,cam/eigen-cam'])).toThrow(/cam\/eigen-cam/);
    expect(() => parseArgs(['--runs', '0'])).toThrow(/integer ≥ 1/);
    expect(() => parseArgs(['--batches', '1,x'])).toThrow(/positive integers/);
    expect(() => parseArgs(['--backend', 'webgl'])).toThrow();
  });
});
