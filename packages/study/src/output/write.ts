import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ioErrorReason, SaliencyError } from '@saliency/core';

/** Writes via a temporary file and a rename, so a crash never leaves a half-written output behind. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new SaliencyError('SALIENCY_IO_FAILED', `cannot write ${path} (${ioErrorReason(e)})`, { file: path }, { cause: e });
  }
}

/**
 * JSON with object keys sorted at every level, so the same data always gives the same bytes (two same-seed runs
 * produce identical files); non-finite numbers are refused rather than silently written as `null`.
 */
export function stableJson(value: unknown, indent = 2): string {
  const sort = (v: unknown, path: string): unknown => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`stableJson: ${path} is ${v}; store null with a reason instead`);
    if (Array.isArray(v)) return v.map((x, i) => sort(x, `${path}[${i}]`));
    if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, (x, i) => sort(x, `${path}[${i}]`));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => [k, sort((v as Record<string, unknown>)[k], `${path}.${k}`)]));
    }
    return v;
  };
  return JSON.stringify(sort(value, '$'), null, indent) + '\n';
}
