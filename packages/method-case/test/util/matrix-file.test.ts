import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSaliencyError } from '@saliency/core';
import { parseCsvMatrix, parseJsonMatrix, parseNpyMatrix, readMatrixFile } from '../../src/util/matrix-file.js';

const dir = mkdtempSync(join(tmpdir(), 'case-matrix-'));
const M = [
  [5, 1, 0],
  [2, 7, 3],
  [0, 4, 9],
];

/** Builds .npy bytes by hand (format spec: magic, version, header length, python-dict header padded to 64, data). */
function npy(values: number[], shape: number[], descr: string, opts: { version?: 1 | 2; fortran?: boolean; writer?: (v: DataView, o: number, x: number) => void; size?: number } = {}): Uint8Array {
  const version = opts.version ?? 1;
  const pre = version === 1 ? 10 : 12;
  let header = `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = Math.ceil((pre + header.length + 1) / 64) * 64;
  header = header.padEnd(total - pre - 1, ' ') + '\n';
  const size = opts.size ?? 8;
  const out = new Uint8Array(total + values.length * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), pre);
  const write = opts.writer ?? ((v, o, x) => v.setFloat64(o, x, true));
  values.forEach((x, i) => write(view, total + i * size, x));
  return out;
}

function error(f: () => unknown): Error & { code?: string } {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

async function asyncError(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

const rowsOf = (m: { values: Float64Array; size: number }): number[][] => Array.from({ length: m.size }, (_, i) => Array.from(m.values.subarray(i * m.size, (i + 1) * m.size)));

describe('confusion matrix files', () => {
  it('reads JSON as a 2-D array and as {matrix, classes}', async () => {
    writeFileSync(join(dir, 'a.json'), JSON.stringify(M));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ matrix: M, classes: ['cat', 'dog', 'eel'] }));
    expect(rowsOf(await readMatrixFile(join(dir, 'a.json')))).toEqual(M);
    const b = await readMatrixFile(join(dir, 'b.json'));
    expect(rowsOf(b)).toEqual(M);
    expect(b.classes).toEqual(['cat', 'dog', 'eel']);
    expect(b.source).toBe(join(dir, 'b.json'));
  });

  it('reads CSV (commas, spaces, comments, blank lines, CRLF)', async () => {
    writeFileSync(join(dir, 'm.csv'), '# counts\r\n5, 1, 0\r\n\r\n2,7,3\r\n0 4 9\r\n');
    expect(rowsOf(await readMatrixFile(join(dir, 'm.csv')))).toEqual(M);
  });

  it('reads .npy v1 and v2, float64/float32/int64/int32/uint8, C and Fortran order', async () => {
    const flat = M.flat();
    const fortranFlat = [0, 1, 2].flatMap((j) => M.map((r) => r[j]!));
    const cases: [string, Uint8Array][] = [
      ['f8.npy', npy(flat, [3, 3], '<f8')],
      ['f8v2.npy', npy(flat, [3, 3], '<f8', { version: 2 })],
      ['f4.npy', npy(flat, [3, 3], '<f4', { size: 4, writer: (v, o, x) => v.setFloat32(o, x, true) })],
      ['i8.npy', npy(flat, [3, 3], '<i8', { writer: (v, o, x) => v.setBigInt64(o, BigInt(x), true) })],
      ['i4.npy', npy(flat, [3, 3], '<i4', { size: 4, writer: (v, o, x) => v.setInt32(o, x, true) })],
      ['u1.npy', npy(flat, [3, 3], '|u1', { size: 1, writer: (v, o, x) => v.setUint8(o, x) })],
      ['fortran.npy', npy(fortranFlat, [3, 3], '<f8', { fortran: true })],
    ];
    for (const [name, bytes] of cases) {
      writeFileSync(join(dir, name), bytes);
      expect(rowsOf(await readMatrixFile(join(dir, name))), name).toEqual(M);
    }
  });

  it('rejects non-square, negative, non-numeric and non-finite cells with SALIENCY_INVALID_MATRIX naming the source and cell', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => parseJsonMatrix('[[1,2],[3]]', 'x.json'), /x\.json: is not square: row 1 has 1 entries, expected 2/],
      [() => parseJsonMatrix('[[1,2,3],[4,5,6]]', 'x.json'), /x\.json: is not square: row 0 has 3 entries, expected 2/],
      [() => parseJsonMatrix('[[1,-2],[3,4]]', 'x.json'), /x\.json: cell \[0, 1\] is negative \(-2\)/],
      [() => parseJsonMatrix('[[1,2],[3,"a"]]', 'x.json'), /x\.json: cell \[1, 1\] is not a finite number \(got "a"\)/],
      [() => parseJsonMatrix('{"matrix": [[1,2],[3,null]]}', 'y.json'), /y\.json: cell \[1, 1\] is not a finite number \(got null\)/],
      [() => parseJsonMatrix('{"matrix": [[1,2],[3,4]], "classes": ["a"]}', 'y.json'), /"classes" must be an array of 2 labels/],
      [() => parseJsonMatrix('{"counts": []}', 'y.json'), /y\.json: JSON must be a 2-D array or an object/],
      [() => parseJsonMatrix('[[1,2],', 'y.json'), /y\.json: is not valid JSON/],
      [() => parseCsvMatrix('1,2\n3,four\n', 'z.csv'), /z\.csv: cell \[1, 1\] is not a finite number \(got "four"\)/],
      [() => parseCsvMatrix('1,,2\n3,4,5\n6,7,8\n', 'z.csv'), /z\.csv: cell \[0, 1\] is not a finite number/],
      [() => parseNpyMatrix(npy([1, Number.NaN, 3, 4], [2, 2], '<f8'), 'n.npy'), /n\.npy: cell \[0, 1\] is not a finite number/],
      [() => parseNpyMatrix(npy([1, 2, 3, 4, 5, 6], [2, 3], '<f8'), 'n.npy'), /n\.npy: is not square: row 0 has 3 entries, expected 2/],
      [() => parseNpyMatrix(npy([1, 2, 3, 4], [4], '<f8'), 'n.npy'), /n\.npy: must hold a 2-D array/],
      [() => parseNpyMatrix(npy([1, 2, 3, 4], [2, 2], '>f8'), 'n.npy'), /big-endian/],
      [() => parseNpyMatrix(npy([1, 2, 3, 4], [2, 2], '<c16'), 'n.npy'), /unsupported \.npy dtype/],
      [() => parseNpyMatrix(new TextEncoder().encode('not numpy at all'), 'n.npy'), /n\.npy: is not a \.npy file/],
      [() => parseNpyMatrix(npy([1, 2, 3, 4], [2, 2], '<f8').slice(0, -8), 'n.npy'), /truncated \.npy data/],
    ];
    for (const [f, msg] of cases) {
      const e = error(f);
      expect(isSaliencyError(e, 'SALIENCY_INVALID_MATRIX'), String(msg)).toBe(true);
      expect(e.message).toMatch(msg);
    }
  });

  it('names missing files (SALIENCY_IO_FAILED) and unknown extensions (SALIENCY_INVALID_MATRIX)', async () => {
    const missing = await asyncError(readMatrixFile(join(dir, 'nope.json')));
    expect(isSaliencyError(missing, 'SALIENCY_IO_FAILED')).toBe(true);
    expect(missing.message).toContain('nope.json');
    writeFileSync(join(dir, 'm.xlsx'), 'x');
    const ext = await asyncError(readMatrixFile(join(dir, 'm.xlsx')));
    expect(isSaliencyError(ext, 'SALIENCY_INVALID_MATRIX')).toBe(true);
    expect(ext.message).toMatch(/m\.xlsx: unknown file type/);
  });
});
