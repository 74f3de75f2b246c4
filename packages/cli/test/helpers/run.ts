import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/main.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const FIXTURES = resolve(REPO, 'fixtures/oracle/public');

/** Runs the CLI in-process, capturing stdout/stderr; returns the exit status. */
export async function runCli(args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write = process.stdout.write.bind(process.stdout);
  const ewrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => ((out += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((err += String(s)), true)) as typeof process.stderr.write;
  try {
    const status = await main(args, { err: (s) => (err += s) });
    return { status, out, err };
  } finally {
    process.stdout.write = write;
    process.stderr.write = ewrite;
  }
}

/** Runs the real `saliency` binary in a child process, exactly as `pnpm saliency` does. */
export function spawnCli(args: string[], cwd = REPO): { status: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--conditions=@saliency/source', '--import', 'tsx', resolve(REPO, 'packages/cli/src/bin.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status ?? -1, out: r.stdout, err: r.stderr };
}
