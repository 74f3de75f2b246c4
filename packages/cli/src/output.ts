/** Prints an aligned plain-text table to stdout. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  process.stdout.write([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n');
}

import { rename, writeFile as fsWriteFile, unlink } from 'node:fs/promises';
import { ioErrorReason, SaliencyError } from '@saliency/core';

/** Writes via a temporary file and a rename, so a crash or a full disk never leaves a half-written file behind. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    await fsWriteFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new SaliencyError('SALIENCY_IO_FAILED', `cannot write ${path} (${ioErrorReason(e)})`, { file: path }, { cause: e });
  }
}
