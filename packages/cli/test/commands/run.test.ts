import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@saliency/adapters';
import { listZooModels } from '@saliency/study';
import { makeImageFolder } from '../../../study/test/helpers/fixtures.js';
import { runCli } from '../helpers/run.js';
import { writeOracleStudy } from '../helpers/study-yaml.js';

const root = mkdtempSync(join(tmpdir(), 'saliency-run-'));
const data = join(root, 'data');

/** A YAML study on the oracle models, as a user would write it. */
function writeConfig(name: string, extra = ''): string {
  return writeOracleStudy(join(root, `${name}.yaml`), { data, seed: 3, images: 12, calibration: 30, batchSize: 4, extra });
}

beforeAll(async () => {
  await selectBackend('wasm');
  await makeImageFolder(data, 120);
});

describe('saliency run', () => {
  it('runs a YAML study and prints the output files', async () => {
    const out = join(root, 'ok');
    const r = await runCli(['--no-discovery', 'run', writeConfig('ok'), '--out', out, '--images', '6']);
    expect(r.err).not.toMatch(/SALIENCY_|warning/);
    expect(r.status).toBe(0);
    expect(r.out.trim().split('\n')).toEqual(['summary.json', 'tables.md', 'results.csv', 'report.html'].map((f) => join(out, f)));
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { seed: number; models: { sample: { selected: number } }[]; study: { name: string } };
    expect(s.seed).toBe(3);
    expect(s.study.name).toBe('ok');
    expect(s.models.map((m) => m.sample.selected)).toEqual([6, 6]);
  });

  it('an invalid config prints one line and exits 1 before any work', async () => {
    const out = join(root, 'bad');
    const file = writeConfig('bad', 'statistics: {threshold: 150}\n');
    const r = await runCli(['--no-discovery', 'run', file, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.err).toBe(`saliency: SALIENCY_INVALID_CONFIG: ${file}: config.statistics.threshold must be < 100 (got 150)\n`);
    expect(existsSync(out)).toBe(false);
    const unknownFile = writeConfig('unknown', 'contrast: {selector: case/confusion}\n');
    const unknown = await runCli(['--no-discovery', 'run', unknownFile, '--out', out]);
    // Checks made after parsing name the file too.
    expect(unknown.err.startsWith(`saliency: SALIENCY_UNKNOWN_PLUGIN: ${unknownFile}: `)).toBe(true);
    expect(unknown.err).toMatch(/SALIENCY_UNKNOWN_PLUGIN: .*unknown\.yaml: config\.contrast\.selector: Unknown contrast-selector "case\/confusion"; did you mean "case\/confusion-matrix"/);
    expect((await runCli(['--no-discovery', 'run', writeConfig('ok'), '--images', 'all'])).err).toBe('saliency: SALIENCY_INVALID_CONFIG: --images must be an integer ≥ 1 (got all)\n');
  });

  it('resume refuses a changed study', async () => {
    const out = join(root, 'ok');
    const r = await runCli(['--no-discovery', 'run', writeConfig('ok'), '--out', out, '--resume', '--images', '7']);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/^saliency: SALIENCY_INVALID_CONFIG: --resume: the study differs from the one that started in .*ok \(changed: settings\)/);
  });

  it('with no config runs the embedded default study on the shipped zoo (here with 2 images per model)', async () => {
    const zoo = await listZooModels();
    const out = join(root, 'default');
    const r = await runCli(['--no-discovery', 'run', '--out', out, '--images', '2']);
    if (!zoo.length) {
      // An installation without the zoo's models says so instead of failing somewhere inside.
      expect(r.err).toBe('saliency: SALIENCY_INVALID_CONFIG: the default study runs on the @saliency/zoo models, and this installation ships none; give a study config file\n');
      expect(r.status).toBe(1);
      return;
    }
    expect(r.err).not.toMatch(/SALIENCY_|warning/);
    expect(r.status).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { models: { zoo: string }[]; tables: Record<string, unknown> };
    expect(s.models.map((m) => m.zoo).sort()).toEqual(zoo.map((m) => m.id).sort());
    expect(s.tables.tableI).not.toBeNull();
    expect(s.tables.tableII).not.toBeNull();
    expect(s.tables.tableIII).not.toBeNull();
    expect(s.tables.groundTruth).not.toBeNull();
  });
});
