import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/run.js';

interface Report {
  cases: number;
  failed: number;
  checks: number;
  checksFailed: number;
  byMethod: Record<string, { cases: number; failed: number; maxAbsDiffFinal: number }>;
  failures: string[];
}

describe('saliency verify', () => {
  it('passes every reference case, metric record and statistics call of the public fixtures', async () => {
    const r = await runCli(['--no-discovery', 'verify', '--fixtures', FIXTURES, '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.out) as Report;
    expect(j.failed).toBe(0);
    expect(j.checksFailed).toBe(0);
    for (const m of ['gradcam', 'gradcampp', 'scorecam', 'ablationcam', 'layercam', 'case_k1', 'case_k2', 'case_k3', 'case_spatial_k1', 'case_spatial_k2', 'case_spatial_k3']) {
      expect(j.byMethod[m]!.cases).toBe(24);
      expect(j.byMethod[m]!.maxAbsDiffFinal).toBeLessThan(1e-4);
    }
    expect(j.checks).toBeGreaterThan(1400);
  });

  it('works on a fixture directory it has never seen, and fails (exit 1) naming a corrupted case', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saliency-verify-'));
    cpSync(FIXTURES, dir, { recursive: true });
    const p = join(dir, 'vggish', 'cases.json');
    const file = JSON.parse(readFileSync(p, 'utf8')) as { cases: { method: string; image_index: number; target_kind: string; final: { data: number[] } }[] };
    const victim = file.cases.find((c) => c.method === 'layercam')!;
    victim.final.data[100] = victim.final.data[100]! + 0.01;
    writeFileSync(p, JSON.stringify(file));
    const r = await runCli(['--no-discovery', 'verify', '--fixtures', dir]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/FAIL vggish: .*layercam/);
    expect(r.out).toMatch(/verify: \d+ passed, 1 failed/);
  });

  it('refuses a directory that is not in the fixture layout', async () => {
    const r = await runCli(['verify', '--fixtures', tmpdir()]);
    expect(r.status).toBe(1);
    expect(r.err).toContain('no inputs.json or stats.json');
  });
});
