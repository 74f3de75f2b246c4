import { open, readFile, stat, truncate, type FileHandle } from 'node:fs/promises';
import { SaliencyError } from '@saliency/core';

/** One per-image result: one row per (model, layer, image, method, measure). */
export interface ResultRow {
  readonly model: string;
  readonly layer: string;
  /** Dataset sample id. */
  readonly image: string;
  /** Position in the model's sample (orders rows canonically, whatever order they were written in). */
  readonly index: number;
  readonly label: number | null;
  /** Qualified method id, or `-` for per-image measures (channel activity). */
  readonly method: string;
  readonly measure: string;
  /** The class the map explains (the top-1 prediction). */
  readonly target: number;
  /** The second class (agreement: the top-2 prediction). */
  readonly other?: number;
  readonly contrasts?: readonly number[];
  /** The headline score; `null` only if the metric gave a non-finite value (kept out of the statistics). */
  readonly value: number | null;
  readonly columns?: Readonly<Record<string, number | null>>;
  /** Channel activity: the most active channel ids. */
  readonly channels?: readonly number[];
}

export const rowKey = (r: Pick<ResultRow, 'model' | 'layer' | 'image' | 'method' | 'measure'>): string =>
  JSON.stringify([r.model, r.layer, r.image, r.method, r.measure]);

/** Parses results.jsonl text. A torn last line (no newline: the writer died mid-append) is reported, not parsed. */
export function parseRows(text: string, file: string): { rows: ResultRow[]; validBytes: number } {
  const end = text.lastIndexOf('\n') + 1;
  const lines = text.slice(0, end).split('\n').slice(0, -1);
  const rows = lines.map((line, i) => {
    try {
      return JSON.parse(line) as ResultRow;
    } catch {
      throw new SaliencyError('SALIENCY_IO_FAILED', `${file}: line ${i + 1} is not valid JSON; the file was changed by something other than a study run`, { file });
    }
  });
  return { rows, validBytes: Buffer.byteLength(text.slice(0, end)) };
}

/**
 * The append-only per-image results of a run. Each batch's rows are one write followed by `datasync`, so a crash
 * loses at most the batch in flight and can tear only the last line; {@link ResultsLog.open} with `resume` cuts that
 * line off and remembers which keys are done, so resumed work adds exactly the missing rows.
 */
export class ResultsLog {
  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private readonly done: Set<string>,
  ) {}

  static async open(file: string, resume: boolean): Promise<ResultsLog> {
    const exists = await stat(file).then(() => true, () => false);
    const done = new Set<string>();
    if (exists && !resume) {
      throw new SaliencyError('SALIENCY_IO_FAILED', `${file} already exists: continue that run with --resume, or choose another --out folder`, { file });
    }
    if (exists) {
      const text = await readFile(file, 'utf8');
      const { rows, validBytes } = parseRows(text, file);
      if (validBytes < Buffer.byteLength(text)) await truncate(file, validBytes);
      for (const r of rows) done.add(rowKey(r));
    }
    return new ResultsLog(file, await open(file, 'a'), done);
  }

  /** Number of rows already in the file. */
  get size(): number {
    return this.done.size;
  }

  has(key: string): boolean {
    return this.done.has(key);
  }

  /** Appends the rows not yet present (one write, then fsync); returns how many were new. */
  async append(rows: readonly ResultRow[]): Promise<number> {
    const fresh = rows.filter((r) => !this.done.has(rowKey(r)));
    if (!fresh.length) return 0;
    // write() may write less than asked (it says how much); the rest must follow, or the next batch would start
    // mid-line and the rows counted as done here would be missing from the file.
    const bytes = Buffer.from(fresh.map((r) => JSON.stringify(r)).join('\n') + '\n');
    for (let at = 0; at < bytes.length; ) at += (await this.handle.write(bytes, at, bytes.length - at)).bytesWritten;
    await this.handle.datasync();
    for (const r of fresh) this.done.add(rowKey(r));
    return fresh.length;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Every row of a results file, the first of any duplicated key kept (a hand-merged file stays usable). */
export async function readRows(file: string): Promise<ResultRow[]> {
  const { rows } = parseRows(await readFile(file, 'utf8'), file);
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = rowKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
