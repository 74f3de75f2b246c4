import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '@saliency/core';
import { STATS_INPUT_ERROR_CODE } from '@saliency/stats';
import { REPO } from '../helpers/run.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : f.endsWith('.ts') ? [p] : [];
  });
}

describe('error codes', () => {
  it('every SALIENCY_ code raised in any package is one of core\'s stable ErrorCodes', () => {
    const raised = new Set<string>();
    for (const pkg of readdirSync(join(REPO, 'packages'))) {
      const src = join(REPO, 'packages', pkg, 'src');
      if (!statSync(join(REPO, 'packages', pkg)).isDirectory() || !readdirSync(join(REPO, 'packages', pkg)).includes('src')) continue;
      // A quoted code in source: 'SALIENCY_X' or "SALIENCY_X" (prefix checks like startsWith('SALIENCY_') excluded).
      for (const f of sources(src)) for (const m of readFileSync(f, 'utf8').matchAll(/['"`](SALIENCY_[A-Z_]+[A-Z])['"`]/g)) raised.add(m[1]!);
    }
    raised.delete('SALIENCY_DEBUG'); // an environment variable, not an error code
    expect(raised.size).toBeGreaterThan(15);
    expect([...raised].filter((c) => !(ErrorCodes as readonly string[]).includes(c))).toEqual([]);
    expect(ErrorCodes).toContain(STATS_INPUT_ERROR_CODE);
  });
});
