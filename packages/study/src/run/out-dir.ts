import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SaliencyError } from '@saliency/core';
import { writeFileAtomic } from '@saliency/core/node';
import { stableJson } from '../output/write.js';

/** `2026-11-26T04-05-06Z`: a timestamp usable in a folder name, sorting in time order. */
const stamp = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');

/**
 * The run folder: `out` when given; otherwise a fresh `runs/<name>-<timestamp>/`, or with `resume` the newest
 * existing `runs/<name>-*` folder (the one an interrupted run left).
 */
export async function chooseOutDir(name: string, out: string | undefined, resume: boolean, root: string, now = new Date()): Promise<string> {
  if (out) return resolve(root, out);
  const runs = resolve(root, 'runs');
  if (!resume) return join(runs, `${name}-${stamp(now)}`);
  const prefix = `${name}-`;
  const candidates = (await readdir(runs).catch(() => [] as string[])).filter((d) => d.startsWith(prefix) && /^\d{4}-\d{2}-\d{2}T/.test(d.slice(prefix.length))).sort();
  const last = candidates.at(-1);
  if (!last) throw new SaliencyError('SALIENCY_INVALID_CONFIG', `--resume: no earlier run of "${name}" in ${runs}; give its folder with --out`);
  return join(runs, last);
}

/**
 * Records the study a run folder belongs to (`study.json`), or on resume checks it is the same study: resuming
 * with other settings would mix two experiments in one results.jsonl.
 */
export async function bindOutDir(outDir: string, fingerprint: unknown, resume: boolean): Promise<void> {
  const file = join(outDir, 'study.json');
  const text = stableJson(fingerprint);
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (resume && existing === undefined && (await stat(outDir).catch(() => null))) {
    const hasResults = await stat(join(outDir, 'results.jsonl')).then(() => true, () => false);
    if (hasResults) throw new SaliencyError('SALIENCY_INVALID_CONFIG', `--resume: ${outDir} has results.jsonl but no study.json; cannot tell which study it belongs to`);
  }
  if (existing !== undefined && existing !== text) {
    if (!resume) throw new SaliencyError('SALIENCY_IO_FAILED', `${outDir} already holds another run (study.json); choose another --out folder`);
    const was = JSON.parse(existing) as Record<string, unknown>;
    const now = JSON.parse(text) as Record<string, unknown>;
    const diff = Object.keys({ ...was, ...now }).filter((k) => stableJson(was[k]) !== stableJson(now[k]));
    throw new SaliencyError('SALIENCY_INVALID_CONFIG', `--resume: the study differs from the one that started in ${outDir} (changed: ${diff.join(', ')}); resume with the same config, seed and --images`);
  }
  if (existing === undefined) await writeFileAtomic(file, text);
}

/**
 * Deletes the temporary files of atomic writes (`<file>.tmp-<pid>-<ms>`) that a killed run left in its folder. Only
 * called while holding the folder's lock, so no live writer owns one.
 */
export async function removeStaleTemps(outDir: string): Promise<number> {
  const entries = await readdir(outDir, { recursive: true }).catch(() => [] as string[]);
  const stale = entries.filter((f) => /\.tmp-\d+-\d+$/.test(f));
  await Promise.all(stale.map((f) => unlink(join(outDir, f)).catch(() => undefined)));
  return stale.length;
}
