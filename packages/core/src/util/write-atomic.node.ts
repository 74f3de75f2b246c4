import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ioErrorReason, SaliencyError } from '../errors.js';

/**
 * Writes `path` via a temporary file beside it and a rename (creating missing folders), so a crash, a kill or a full
 * disk never leaves a half-written file, and a failed write leaves the previous file whole. `SALIENCY_IO_FAILED`
 * names the file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    // Folders are made only when missing: a path under a regular file then fails as ENOTDIR, not mkdir's EEXIST.
    await writeFile(tmp, data).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
      await mkdir(dirname(path), { recursive: true });
      await writeFile(tmp, data);
    });
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new SaliencyError('SALIENCY_IO_FAILED', `cannot write ${path} (${ioErrorReason(e)})`, { file: path }, { cause: e });
  }
}
