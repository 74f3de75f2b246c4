import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@saliency/adapters';
import { wilcoxon } from '@saliency/stats';
import { reportError } from '../../src/main.js';
import { REPO } from '../helpers/run.js';
import { expectRow } from './helpers/bad-input-assert.js';
import { makeEnv, runRow, type Env, type Row } from './helpers/bad-input-env.js';
import { CONFIG_ROWS } from './helpers/bad-input-rows-config.js';
import { MODEL_ROWS } from './helpers/bad-input-rows-models.js';
import { WRITE_ROWS } from './helpers/bad-input-rows-writes.js';

/**
 * The bad-input matrix (docs/reliability.md), cases 1–16: every broken model file, layer, image, pixel, target,
 * matrix, plugin, option and config through the public API and the CLI. Cases 17–18 (writes) are in
 * bad-input-writes.test.ts, apart because they replace fs.promises.writeFile while they run.
 */
let env: Env;
beforeAll(async () => {
  await selectBackend('wasm');
  env = await makeEnv();
});
afterAll(() => env?.dispose());

const cases = (rows: readonly Row[]) => rows.map((r) => [`${r.id} ${r.input}`, r] as const);

describe('bad-input matrix: model files, layers, images, pixels, targets', () => {
  it.each(cases(MODEL_ROWS))('%s', async (_, row) => expectRow(row, await runRow(row, env), env));
});

describe('bad-input matrix: matrices, plugins, options, configs, degenerate statistics', () => {
  it.each(cases(CONFIG_ROWS))('%s', async (_, row) => expectRow(row, await runRow(row, env), env));
});

describe('docs/reliability.md', () => {
  it('lists every row of the matrix, in order, with the code, exit status and a message these tests accept', () => {
    const doc = readFileSync(join(REPO, 'docs/reliability.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Bad-input matrix'), doc.indexOf('\n## ', doc.indexOf('## Bad-input matrix') + 1));
    const rows = section.split('\n').filter((l) => l.startsWith('| **')).map((l) => {
      const cells = l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
      return { id: /^\*\*(\w+)\*\*/.exec(cells[0]!)![1], code: cells[1], message: cells[2]!.replace(/^`|`$/g, '').replace(/\\\|/g, '|'), exit: cells[3] };
    });
    const all = [...MODEL_ROWS, ...CONFIG_ROWS, ...WRITE_ROWS];
    expect(rows.map((r) => r.id)).toEqual(all.map((r) => r.id));
    rows.forEach((r, i) => {
      const want = all[i]!;
      expect(r.code, r.id).toBe(want.code ? `\`${want.code}\`` : 'none (legal input)');
      expect(r.exit, r.id).toBe(want.exit === undefined ? '— (API)' : String(want.exit));
      expect(r.message, r.id).toMatch(want.names);
    });
  });
});

describe('the CLI error line', () => {
  const line = (e: unknown): [number, string] => {
    let err = '';
    return [reportError(e, (s) => (err += s)), err];
  };
  const thrown = (f: () => unknown): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
    throw new Error('did not throw');
  };

  it("prints @saliency/stats' StatsInputError like a SaliencyError: its code, one line, exit 1", () => {
    expect(line(thrown(() => wilcoxon([])))).toEqual([1, 'saliency: SALIENCY_INVALID_STATS_INPUT: wilcoxon: d is empty\n']);
  });

  it('prints a file-system error a library let through as SALIENCY_IO_FAILED naming the path, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'saliency-report-'));
    writeFileSync(join(dir, 'a-file'), '');
    expect(line(thrown(() => readFileSync(join(dir, 'a-file/x.json'))))).toEqual([1, `saliency: SALIENCY_IO_FAILED: cannot open ${dir}/a-file/x.json (ENOTDIR: not a directory)\n`]);
    rmSync(dir, { recursive: true });
  });
});
