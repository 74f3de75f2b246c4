import { readFile } from 'node:fs/promises';
import { SaliencyError } from '@saliency/core';

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
