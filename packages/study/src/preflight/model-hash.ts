import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * SHA-256 over a model.json and every weight shard it lists, in manifest order: the identity of the model a
 * run used. It goes into summary.json (provenance) and into the run folder's study.json, so `--resume` refuses to
 * continue a run whose model files have changed since (its rows would mix two models).
 */
export async function hashModelFiles(modelPath: string): Promise<string> {
  const hash = createHash('sha256');
  const text = await readFile(modelPath);
  hash.update(text);
  const manifest = (JSON.parse(text.toString('utf8')) as { weightsManifest?: { paths?: string[] }[] }).weightsManifest ?? [];
  for (const group of manifest) for (const p of group.paths ?? []) hash.update(await readFile(resolve(dirname(modelPath), p)));
  return hash.digest('hex');
}
