import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/run.js';

const EXAMPLE = join(REPO, 'examples/class-sensitivity.ts');

describe('examples/class-sensitivity.ts (the README\'s composing-in-code example)', () => {
  it('is in the README verbatim', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(readme).toContain('```ts\n' + readFileSync(EXAMPLE, 'utf8') + '```');
  });

  it('runs and finds both methods class-sensitive on the zoo ResNet (median agreement < 50%, p < 0.05)', () => {
    const r = spawnSync(process.execPath, ['--conditions=@saliency/source', '--import', 'tsx', EXAMPLE], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr.replace(/\n*=+\nHi, looks like you are running TensorFlow\.js[^]*?=+\n/g, '')).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual(['case/case', 'cam/grad-cam']);
    for (const l of lines) {
      const [, med, p] = /median agreement ([\d.]+)%, Wilcoxon p = ([\d.e+-]+)$/.exec(l)!;
      expect(Number(med)).toBeLessThan(50);
      expect(Number(p)).toBeLessThan(0.05);
    }
  });
});
