import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRows, ResultsLog, rowKey, type ResultRow } from '../../src/run/results-log.js';

const row = (image: string, value: number): ResultRow => ({ model: 'm', layer: 'l', image, index: 0, label: 1, method: 'cam/grad-cam', measure: 'agreement', target: 1, value });

describe('ResultsLog', () => {
  it('appends, refuses to overwrite, and on resume cuts a torn last line and skips done keys', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-')), 'results.jsonl');
    const log = await ResultsLog.open(file, false);
    expect(await log.append([row('a', 1), row('b', 2)])).toBe(2);
    expect(await log.append([row('a', 1)])).toBe(0);
    await log.close();
    await expect(ResultsLog.open(file, false)).rejects.toThrow(/already exists: continue that run with --resume/);
    appendFileSync(file, '{"model":"m","lay');
    const again = await ResultsLog.open(file, true);
    expect(again.size).toBe(2);
    expect(again.has(rowKey(row('b', 0)))).toBe(true);
    await again.append([row('b', 2), row('c', 3)]);
    await again.close();
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(3);
    expect((await readRows(file)).map((r) => r.image)).toEqual(['a', 'b', 'c']);
  });

  it('names the file and line of a corrupt row in the middle', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-')), 'results.jsonl');
    writeFileSync(file, `${JSON.stringify(row('a', 1))}\nnot json\n${JSON.stringify(row('b', 1))}\n`);
    await expect(readRows(file)).rejects.toThrow(`${file}: line 2 is not valid JSON`);
  });
});
