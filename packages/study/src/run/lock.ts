import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SaliencyError } from '@saliency/core';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
};

/**
 * Claims a run folder for this process (`run.lock` holding the pid): two processes appending to one
 * results.jsonl would interleave and duplicate rows. A lock left by a process that no longer exists (killed,
 * crashed) is taken over, which is what `--resume` after a SIGKILL needs. Returns the release function.
 */
export async function lockRunFolder(outDir: string): Promise<() => Promise<void>> {
  const file = join(outDir, 'run.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => unlink(file).catch(() => undefined);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new SaliencyError('SALIENCY_IO_FAILED', `${outDir} is in use by another study run (pid ${pid}); wait for it, or stop it and use --resume`, { outDir, pid });
      }
      await unlink(file).catch(() => undefined); // stale: its process is gone
    }
  }
  throw new SaliencyError('SALIENCY_IO_FAILED', `cannot lock ${outDir} (run.lock keeps reappearing)`, { outDir });
}
