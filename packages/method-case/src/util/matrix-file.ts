/**
 * Confusion-matrix input: inline 2-D arrays, JSON files (a 2-D array or `{matrix, classes?}`), CSV files and NumPy
 * `.npy` files (format versions 1-3, little-endian or byte-order-free float/int/uint/bool). Every failure is a
 * `SALIENCY_INVALID_MATRIX` that names the source and, where there is one, the bad cell.
 */
import { SaliencyError } from '@saliency/core';

export interface ConfusionMatrix {
  /** Row-major `N×N` values (rows = true class, columns = predicted class). */
  readonly values: Float64Array;
  readonly size: number;
  /** Optional class labels from a JSON `{matrix, classes}` file. */
  readonly classes?: readonly (string | number)[];
  /** Where it came from: a file path or `inline matrix`. */
  readonly source: string;
}

function bad(source: string, msg: string, details?: Record<string, unknown>): never {
  throw new SaliencyError('SALIENCY_INVALID_MATRIX', `confusion matrix ${source}: ${msg}`, { source, ...details });
}

/** Checks a 2-D array of cells: square, every cell a finite number ≥ 0. */
export function matrixFromRows(rows: unknown, source: string, classes?: readonly (string | number)[]): ConfusionMatrix {
  if (!Array.isArray(rows) || rows.length === 0) bad(source, 'must be a non-empty 2-D array');
  const n = rows.length;
  const values = new Float64Array(n * n);
  rows.forEach((row: unknown, i: number) => {
    if (!Array.isArray(row)) bad(source, `row ${i} is not an array`, { row: i });
    if (row.length !== n) bad(source, `is not square: row ${i} has ${row.length} entries, expected ${n}`, { row: i });
    row.forEach((cell: unknown, j: number) => {
      const v = typeof cell === 'number' ? cell : typeof cell === 'string' && cell.trim() !== '' ? Number(cell) : Number.NaN;
      if (!Number.isFinite(v)) bad(source, `cell [${i}, ${j}] is not a finite number (got ${JSON.stringify(cell)})`, { row: i, col: j });
      if (v < 0) bad(source, `cell [${i}, ${j}] is negative (${v})`, { row: i, col: j });
      values[i * n + j] = v;
    });
  });
  if (classes !== undefined && (!Array.isArray(classes) || classes.length !== n)) {
    bad(source, `"classes" must be an array of ${n} labels`);
  }
  return { values, size: n, classes, source };
}

/** Parses CSV text (comma, semicolon, tab or space separated; `#` comment lines and blank lines skipped). */
export function parseCsvMatrix(text: string, source: string): ConfusionMatrix {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const s = line.trim();
    if (!s || s.startsWith('#')) continue;
    rows.push(s.split(/\s*[,;\t]\s*|\s+/));
  }
  return matrixFromRows(rows, source);
}

/** Parses a JSON document: a 2-D array, or an object `{matrix, classes?}`. */
export function parseJsonMatrix(text: string, source: string): ConfusionMatrix {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    bad(source, `is not valid JSON (${(e as Error).message})`);
  }
  if (Array.isArray(doc)) return matrixFromRows(doc, source);
  if (doc && typeof doc === 'object' && 'matrix' in doc) {
    const o = doc as { matrix: unknown; classes?: (string | number)[] };
    return matrixFromRows(o.matrix, source, o.classes);
  }
  return bad(source, 'JSON must be a 2-D array or an object {"matrix": [[...]], "classes"?: [...]}');
}

const NPY_TYPES: Record<string, { size: number; read: (d: DataView, o: number) => number }> = {
  f4: { size: 4, read: (d, o) => d.getFloat32(o, true) },
  f8: { size: 8, read: (d, o) => d.getFloat64(o, true) },
  i1: { size: 1, read: (d, o) => d.getInt8(o) },
  u1: { size: 1, read: (d, o) => d.getUint8(o) },
  b1: { size: 1, read: (d, o) => d.getUint8(o) },
  i2: { size: 2, read: (d, o) => d.getInt16(o, true) },
  u2: { size: 2, read: (d, o) => d.getUint16(o, true) },
  i4: { size: 4, read: (d, o) => d.getInt32(o, true) },
  u4: { size: 4, read: (d, o) => d.getUint32(o, true) },
  i8: { size: 8, read: (d, o) => Number(d.getBigInt64(o, true)) },
  u8: { size: 8, read: (d, o) => Number(d.getBigUint64(o, true)) },
};

/** Parses a NumPy `.npy` file holding a 2-D numeric array. */
export function parseNpyMatrix(bytes: Uint8Array, source: string): ConfusionMatrix {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) bad(source, 'is not a .npy file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  if (major < 1 || major > 3) bad(source, `unsupported .npy format version ${major}`);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) bad(source, 'truncated .npy header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([<>|=])([a-z])(\d+)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) bad(source, `unreadable .npy header ${JSON.stringify(header.trim())}`);
  const [, order, kind, width] = descr;
  const type = NPY_TYPES[`${kind}${width}`];
  if (!type) bad(source, `unsupported .npy dtype '${order}${kind}${width}' (use float32/64, int or uint)`);
  if (order === '>' && type.size > 1) bad(source, `big-endian .npy data ('${order}${kind}${width}') is not supported`);
  const dims = shape[1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (dims.length !== 2) bad(source, `must hold a 2-D array (shape (${dims.join(', ')}))`);
  const [r, c] = dims as [number, number];
  const dataStart = start + headerLen;
  if (dataStart + r * c * type.size > bytes.length) bad(source, `truncated .npy data (${r}×${c} '${kind}${width}')`);
  const fortranOrder = fortran[1] === 'True';
  const rows = Array.from({ length: r }, (_, i) =>
    Array.from({ length: c }, (_, j) => type.read(view, dataStart + (fortranOrder ? j * r + i : i * c + j) * type.size)),
  );
  return matrixFromRows(rows, source);
}

/** Reads a matrix file by extension: `.json`, `.csv`/`.tsv`/`.txt`, `.npy`. Node only. */
export async function readMatrixFile(path: string): Promise<ConfusionMatrix> {
  const { readFile } = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new SaliencyError('SALIENCY_IO_FAILED', `confusion matrix ${path}: cannot read (${(e as Error).message})`, { source: path }, { cause: e });
  }
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'npy') return parseNpyMatrix(bytes, path);
  const text = new TextDecoder().decode(bytes);
  if (ext === 'json') return parseJsonMatrix(text, path);
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return parseCsvMatrix(text, path);
  return bad(path, 'unknown file type (use .json, .csv or .npy)');
}
