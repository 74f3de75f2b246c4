import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockRunFolder } from '../../src/run/lock.js';

describe('lockRunFolder', () => {
  it('refuses a folder a live process holds, takes over a dead one\'s lock, releases its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    writeFileSync(join(dir, 'run.lock'), `${process.ppid}\n`); // a process that is alive: the test runner's parent
    await expect(lockRunFolder(dir)).rejects.toThrow(`${dir} is in use by another study run (pid ${process.ppid}); wait for it, or stop it and use --resume`);
    writeFileSync(join(dir, 'run.lock'), '2147483646\n'); // no such process: a run killed with SIGKILL
    const release = await lockRunFolder(dir);
    await expect(lockRunFolder(mkdtempSync(join(tmpdir(), 'lock-')))).resolves.toBeTypeOf('function');
    await release();
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);
  });
});
