/**
 * Prints the bad-input matrix of docs/reliability.md: every row of the matrix run for real (API call or CLI argv),
 * with the code, the message (temporary paths shortened to <tmp>, the repository to <repo>) and the exit status.
 * A row whose outcome differs from what the tests expect is reported on stderr and fails the script.
 *
 *   node --conditions=@saliency/source --import tsx packages/cli/scripts/reliability-matrix.ts > matrix.md
 */
import { selectBackend } from '@saliency/adapters';
import { makeEnv, runRow } from '../test/reliability/helpers/bad-input-env.js';
import { CONFIG_ROWS } from '../test/reliability/helpers/bad-input-rows-config.js';
import { MODEL_ROWS } from '../test/reliability/helpers/bad-input-rows-models.js';
import { WRITE_ROWS } from '../test/reliability/helpers/bad-input-rows-writes.js';

await selectBackend('wasm');
const env = await makeEnv();
const cell = (s: string): string => s.replace(/\|/g, '\\|');
const lines = ['| input | error code | message | CLI exit status |', '|---|---|---|---|'];
let wrong = 0;
for (const row of [...MODEL_ROWS, ...CONFIG_ROWS, ...WRITE_ROWS]) {
  const out = await runRow(row, env);
  const problems = [
    out.code !== row.code && `code ${out.code}, expected ${row.code}`,
    !row.names.test(out.message) && `message does not match ${row.names}`,
    out.exit !== row.exit && `exit ${out.exit}, expected ${row.exit}`,
    out.leaked && `${out.leaked} tensors leaked`,
  ].filter(Boolean);
  try {
    row.check?.(env);
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (problems.length) {
    wrong++;
    process.stderr.write(`${row.id}: ${problems.join('; ')}\n  ${out.stderr ?? out.message}\n`);
  }
  lines.push(`| **${row.id}** ${cell(row.input)} | ${row.code ? `\`${row.code}\`` : 'none (legal input)'} | \`${cell(out.message)}\` | ${out.exit ?? '— (API)'} |`);
}
env.dispose();
process.stdout.write(lines.join('\n') + '\n');
process.exitCode = wrong ? 1 : 0;
