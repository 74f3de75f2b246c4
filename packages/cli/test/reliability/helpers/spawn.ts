import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from '../../helpers/run.js';

/** Node with the source condition and tsx, as `pnpm saliency` runs; tsx by path, so any working directory works. */
export const NODE_ARGS = ['--conditions=@saliency/source', '--import', pathToFileURL(createRequire(resolve(REPO, 'package.json')).resolve('tsx')).href];
export const BIN = resolve(REPO, 'packages/cli/src/bin.ts');

export interface Exit {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
}

/** Starts `node <script> ...args` (in the repository root by default); `done` settles when it exits (never rejects). */
export function start(script: string, args: readonly string[], cwd = REPO): { child: ChildProcess; done: Promise<Exit> } {
  const child = spawn(process.execPath, [...NODE_ARGS, script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  // A child that hangs is killed (and the test then fails on its exit) rather than outliving the test run.
  const guard = setTimeout(() => child.kill('SIGKILL'), 180_000);
  const done = new Promise<Exit>((ok) => child.on('close', (status, signal) => (clearTimeout(guard), ok({ status, signal, out, err }))));
  return { child, done };
}

/** The real `saliency` binary in a child process, asynchronously (so two can run side by side). */
export const startCli = (args: readonly string[], cwd = REPO) => start(BIN, args, cwd);
