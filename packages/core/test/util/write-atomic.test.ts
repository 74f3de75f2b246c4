import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSaliencyError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/util/write-atomic.node.js';

const dir = mkdtempSync(join(tmpdir(), 'write-atomic-'));

describe('writeFileAtomic', () => {
  it('writes, creating missing folders, and replaces an existing file', async () => {
    const file = join(dir, 'a/b/out.json');
    await writeFileAtomic(file, '{"v":1}');
    await writeFileAtomic(file, new Uint8Array([123, 125]));
    expect(readFileSync(file, 'utf8')).toBe('{}');
    expect(readdirSync(join(dir, 'a/b'))).toEqual(['out.json']);
  });

  it('a write that fails half-way (ENOSPC) keeps the previous file whole, leaves no temp file, and names the file', async () => {
    const file = join(dir, 'full.json');
    writeFileSync(file, 'previous');
    const real = fsp.writeFile;
    fsp.writeFile = (async (path: Parameters<typeof real>[0], data: string) => {
      await real(path, String(data).slice(0, 3));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }) as typeof real;
    syncBuiltinESMExports();
    try {
      const e = await writeFileAtomic(file, 'the new content').catch((x: unknown) => x);
      expect(isSaliencyError(e, 'SALIENCY_IO_FAILED')).toBe(true);
      expect((e as Error).message).toBe(`cannot write ${file} (ENOSPC: no space left on device)`);
    } finally {
      fsp.writeFile = real;
      syncBuiltinESMExports();
    }
    expect(readFileSync(file, 'utf8')).toBe('previous');
    expect(readdirSync(dir).filter((f) => f.startsWith('full.json'))).toEqual(['full.json']);
  });

  it('a path under a regular file is SALIENCY_IO_FAILED with the reason', async () => {
    writeFileSync(join(dir, 'plain'), '');
    await expect(writeFileAtomic(join(dir, 'plain/x.json'), '1')).rejects.toThrow(`cannot write ${join(dir, 'plain/x.json')} (ENOTDIR: not a directory)`);
  });
});
