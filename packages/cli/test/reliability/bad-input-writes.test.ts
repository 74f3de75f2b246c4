import { afterAll, beforeAll, describe, it } from 'vitest';
import { selectBackend } from '@saliency/adapters';
import { expectRow } from './helpers/bad-input-assert.js';
import { makeEnv, runRow, type Env } from './helpers/bad-input-env.js';
import { WRITE_ROWS } from './helpers/bad-input-rows-writes.js';

/**
 * Bad-input matrix, cases 17–18: unwritable output folders and a full disk. A row that overwrites a previous output
 * checks it is still whole afterwards and that no temporary file is left (writes are temp + rename).
 */
let env: Env;
beforeAll(async () => {
  await selectBackend('wasm');
  env = await makeEnv();
});
afterAll(() => env?.dispose());

describe('bad-input matrix: unwritable folders, full disk', () => {
  it.each(WRITE_ROWS.map((r) => [`${r.id} ${r.input}`, r] as const))('%s', async (_, row) => expectRow(row, await runRow(row, env), env));
});
