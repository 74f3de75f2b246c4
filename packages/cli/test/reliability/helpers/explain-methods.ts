/**
 * `node … explain-methods.ts <order> <jsonDir> <explain args…>`: runs the CLI's `main` (what bin.ts runs) for
 * `saliency explain --method M --json <jsonDir>/M.json <explain args…>` for every method, in the given order
 * (`forward` or `reverse`), in this one process. Two such processes in opposite orders check that a map depends
 * neither on the process nor on what ran before it, without paying a process start per method.
 */
import { join } from 'node:path';
import { main } from '../../../src/main.js';

export const EXPLAIN_METHODS = ['case/case', 'cam/grad-cam', 'cam/grad-cam-plus-plus', 'cam/score-cam', 'cam/ablation-cam', 'cam/layer-cam'];
export const jsonName = (method: string): string => `${method.replace('/', '_')}.json`;

if (process.argv[1]?.endsWith('explain-methods.ts')) {
  const [order, dir, ...args] = process.argv.slice(2);
  const methods = order === 'reverse' ? [...EXPLAIN_METHODS].reverse() : EXPLAIN_METHODS;
  for (const m of methods) {
    const status = await main(['--no-discovery', 'explain', '--method', m, '--json', join(dir!, jsonName(m)), ...args]);
    if (status !== 0) process.exit(status);
  }
}
