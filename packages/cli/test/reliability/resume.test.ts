import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@saliency/core';
import { selectBackend } from '@saliency/adapters';
import { makeImageFolder } from '../../../study/test/helpers/fixtures.js';
import { runCli } from '../helpers/run.js';
import { writeOracleStudy } from '../helpers/study-yaml.js';
import { startCli } from './helpers/spawn.js';

/**
 * A study killed with SIGKILL at seeded random points (and by hand: a torn last line, a death during the final
 * writes) and resumed each time must end with exactly the rows and outputs of an uninterrupted run.
 * SALIENCY_HEAVY=1 kills it at 8 points instead of 3.
 */
const HEAVY = process.env.SALIENCY_HEAVY === '1';
const KILLS = HEAVY ? 8 : 3;
const root = mkdtempSync(join(tmpdir(), 'saliency-resume-'));
const data = join(root, 'data');
const file = join(root, 'study.yaml');
const whole = join(root, 'whole');

const lines = (dir: string): string[] => {
  const f = join(dir, 'results.jsonl');
  return existsSync(f) ? readFileSync(f, 'utf8').split('\n').slice(0, -1) : [];
};
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)).map((g) => join(f, g)) : [f])).sort();
const summaryOf = (dir: string) => {
  const { run, ...rest } = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { run: { resumed: boolean } };
  return { rest, run };
};
const noDiscovery = (args: string[]) => ['--no-discovery', 'run', file, ...args];

beforeAll(async () => {
  await selectBackend('wasm');
  await makeImageFolder(data, 60);
  writeOracleStudy(file, { data, seed: 5, images: 8, calibration: 12, batchSize: 2 });
  const r = await runCli(noDiscovery(['--out', whole]));
  expect(r.status).toBe(0);
}, 180_000);

/** Starts the CLI and SIGKILLs it once results.jsonl has at least `rows` lines; resolves with what it had. */
async function killAt(out: string, rows: number, resume: boolean): Promise<{ rows: number; killed: boolean; summary: boolean }> {
  const { child, done } = startCli(noDiscovery(['--out', out, ...(resume ? ['--resume'] : [])]));
  let seen = { rows: 0, summary: false };
  const timer = setInterval(() => {
    const n = lines(out).length;
    if (n >= rows && child.exitCode === null) {
      seen = { rows: n, summary: existsSync(join(out, 'summary.json')) };
      child.kill('SIGKILL');
      clearInterval(timer);
    }
  }, 5);
  const exit = await done;
  clearInterval(timer);
  if (exit.signal !== 'SIGKILL') expect(exit.err).not.toMatch(/SALIENCY_/);
  return { ...seen, killed: exit.signal === 'SIGKILL' };
}

/** Every line parses; one line per key; the same rows (byte for byte) and outputs as the uninterrupted run. */
function expectSameAsWhole(out: string): void {
  const got = lines(out);
  const rows = got.map((l) => JSON.parse(l) as Record<string, unknown>);
  const keys = rows.map((x) => JSON.stringify([x.model, x.layer, x.image, x.method, x.measure]));
  expect(new Set(keys).size).toBe(keys.length);
  expect([...got].sort()).toEqual([...lines(whole)].sort());
  expect(summaryOf(out).rest).toEqual(summaryOf(whole).rest);
  expect(files(out)).toEqual(files(whole));
  for (const f of files(whole).filter((f) => !['summary.json', 'results.jsonl'].includes(f))) {
    expect(readFileSync(join(out, f)).equals(readFileSync(join(whole, f))), f).toBe(true);
  }
}

describe('saliency run under SIGKILL', () => {
  it(`killed at ${KILLS} seeded random points, with a torn line added by hand, resumes to the uninterrupted run's rows and summary`, async () => {
    const total = lines(whole).length;
    const rng = createRng(20_260_101);
    const points = [...new Set(Array.from({ length: KILLS }, () => 1 + rng.int(total - 1)))].sort((a, b) => a - b);
    const out = join(root, 'killed');
    const log: string[] = [];
    for (const [i, p] of points.entries()) {
      // Rows arrive a batch at a time: aim past what an earlier kill already left.
      const k = await killAt(out, Math.max(p, lines(out).length + 1), i > 0);
      log.push(`${p}→${k.killed ? k.rows : 'finished'}`);
      expect(k.killed).toBe(true);
      // Only whole lines count; a SIGKILL between write and newline would leave a torn one for the resume to cut.
      if (i === 0) appendFileSync(join(out, 'results.jsonl'), lines(out).at(-1)!.slice(0, 40));
    }
    const r = await runCli(noDiscovery(['--out', out, '--resume']));
    expect(r.status).toBe(0);
    console.log(`[resume] ${total} rows; kill points (aimed→rows at kill): ${log.join(', ')}`);
    expectSameAsWhole(out);
    expect(summaryOf(out).run.resumed).toBe(true);
    expect(existsSync(join(out, 'run.lock'))).toBe(false);
  }, HEAVY ? 900_000 : 180_000);

  it('killed once every row is written (during the final writes) or with a stale lock and half-written temp files, resume completes', async () => {
    const out = join(root, 'final');
    const total = lines(whole).length;
    const k = await killAt(out, total, false);
    console.log(`[resume] final-writes kill: ${k.killed ? `killed with ${k.rows} rows, summary.json ${k.summary ? 'written' : 'not yet written'}` : 'finished first'}`);
    // What a death inside writeOutputs leaves, made by hand so it happens every time: outputs missing, a torn temp
    // file, and the lock of a process that no longer exists.
    for (const f of ['summary.json', 'report.html']) if (existsSync(join(out, f))) unlinkSync(join(out, f));
    writeFileSync(join(out, `summary.json.tmp-999999-${Date.now()}`), '{"study": {"na');
    writeFileSync(join(out, 'run.lock'), '999999\n');
    const r = await runCli(noDiscovery(['--out', out, '--resume']));
    expect(r.status).toBe(0);
    expectSameAsWhole(out);
    expect(summaryOf(out).run).toMatchObject({ resumed: true, rowsBefore: total });
  }, 180_000);
});
