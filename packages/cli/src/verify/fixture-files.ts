/** Reading a FORMAT.md fixture directory (fixtures/oracle/FORMAT.md): its JSON files, inputs and model folders. */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { SaliencyError } from '@saliency/core';

/** An array as the fixtures store it: row-major data with its shape; non-finite values as strings. */
export interface JsonArray {
  shape: number[];
  data: (number | string)[];
}

export const f32 = (a: JsonArray): Float32Array => Float32Array.from(a.data, (v) => Number(v));

/** Reads one JSON file of a fixture directory; an unreadable or corrupt one is named, never a bare SyntaxError. */
export async function readFixtureJson<T>(path: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new SaliencyError('SALIENCY_INVALID_INPUT', `fixture file ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: path });
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new SaliencyError('SALIENCY_INVALID_INPUT', `fixture file ${path}: not valid JSON (${(e as Error).message})`, { file: path });
  }
}

/** The fixture images: `[N, H, W, C]` float32 and the global index of each. */
export interface Inputs {
  shape: number[];
  data: Float32Array;
  imageIndices: number[];
}

export async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isFile() ?? false;
}

/** Folders holding `inputs.json`: the directory itself and/or its direct subfolders (e.g. `oracle/` → `public/`). */
export async function fixtureRoots(dir: string): Promise<string[]> {
  if (await isFile(join(dir, 'inputs.json'))) return [dir];
  const roots: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory() && (await isFile(join(dir, e.name, 'inputs.json')))) roots.push(join(dir, e.name));
  }
  return roots;
}

export async function readInputs(root: string): Promise<Inputs> {
  const meta = await readFixtureJson<{ shape: number[]; image_indices?: number[]; files?: { inputs?: string } }>(join(root, 'inputs.json'));
  const bin = await readFile(join(root, meta.files?.inputs ?? 'inputs.bin'));
  const data = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const expected = meta.shape.reduce((a, b) => a * b, 1);
  if (data.length !== expected) throw new SaliencyError('SALIENCY_INVALID_INPUT', `${root}: inputs hold ${data.length} floats, inputs.json shape [${meta.shape.join(', ')}] needs ${expected}`);
  return { shape: meta.shape, data, imageIndices: meta.image_indices ?? Array.from({ length: meta.shape[0]! }, (_, i) => i) };
}

export function imageTensor(inputs: Inputs, imageIndex: number): tf.Tensor4D {
  const j = inputs.imageIndices.indexOf(imageIndex);
  if (j < 0) throw new SaliencyError('SALIENCY_INVALID_INPUT', `fixture image ${imageIndex} is not in inputs.json (indices ${inputs.imageIndices.join(', ')})`);
  const [, h, w, c] = inputs.shape as [number, number, number, number];
  return tf.tensor4d(inputs.data.subarray(j * h * w * c, (j + 1) * h * w * c), [1, h, w, c]);
}
