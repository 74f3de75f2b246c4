import { expect } from 'vitest';
import type { Env, Outcome, Row } from './bad-input-env.js';

/**
 * What every row must show: the expected stable code (a SaliencyError, or for `@saliency/stats` its
 * StatsInputError), a message that names the culprit, from the CLI one error line on stderr (`run` may print
 * progress before it; nothing else may) and the row's exit status, no tensor left behind by an API call, and
 * whatever the row checks afterwards (previous outputs intact, no temporary file left).
 */
export function expectRow(row: Row, out: Outcome, env: Env): void {
  expect(out.code, out.message).toBe(row.code);
  expect(out.message).toMatch(row.names);
  if (row.api) {
    expect(out.errorName).toBe(row.code === null ? undefined : row.code === 'SALIENCY_INVALID_STATS_INPUT' ? 'StatsInputError' : 'SaliencyError');
    expect(out.leaked, 'tensors leaked').toBe(0);
  } else {
    expect(out.exit, out.stderr).toBe(row.exit);
    const lines = out.stderr!.trimEnd().split('\n');
    if (row.code) {
      // `run` reports progress before it fails; everything else prints the error line alone.
      const before = out.argv!.includes('run') ? lines.slice(0, -1).filter((l) => l.startsWith('saliency:') || /^\s+at /.test(l)) : lines.slice(0, -1);
      expect(before, 'stderr holds one error line, last').toEqual([]);
      expect(lines.at(-1)).toBe(`saliency: ${row.code}: ${out.message}`);
    } else expect(lines.filter((l) => l.startsWith('saliency:') || /^\s+at /.test(l))).toEqual([]);
  }
  row.check?.(env);
}
