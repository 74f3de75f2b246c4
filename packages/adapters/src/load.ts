import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as tfc from '@tensorflow/tfjs-converter';
import { SaliencyError, isSaliencyError, type ModelAdapter } from '@saliency/core';
import { createGraphModelAdapter } from './adapters/graph-model.js';
import { createLayersModelAdapter } from './adapters/layers-model.js';

export type ModelFormat = 'layers-model' | 'graph-model';

export interface LoadModelOptions {
  /** `auto` (default) reads it from model.json (`format`, or the shape of `modelTopology`). */
  readonly format?: 'auto' | ModelFormat;
  /** `meta.id`; defaults to the name of the folder holding model.json. */
  readonly id?: string;
  /** LayersModel only: class gradients by autodiff even where the GAP → Dense closed form applies. */
  readonly forceAutodiff?: boolean;
}

export interface ModelFiles {
  /** Absolute path of the model.json that was read. */
  readonly modelPath: string;
  readonly format: ModelFormat;
  /** Topology plus the weight bytes of every shard, joined in manifest order. */
  readonly artifacts: tf.io.ModelArtifacts;
}

// Bytes per element as stored (quantized weights are stored narrower and dequantized on load).
const STORED_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

const invalid = (file: string, what: string, cause?: unknown): SaliencyError =>
  new SaliencyError('SALIENCY_MODEL_INVALID', `${file}: ${what}`, { file }, cause === undefined ? undefined : { cause });

function detectFormat(file: string, json: Record<string, unknown>): ModelFormat {
  const topo = json.modelTopology as Record<string, unknown>;
  if (json.format === 'layers-model' || json.format === 'graph-model') return json.format;
  if (typeof topo.class_name === 'string' || typeof topo.model_config === 'object') return 'layers-model';
  if (Array.isArray(topo.node)) return 'graph-model';
  throw invalid(file, 'cannot tell the format: no "format" field, and "modelTopology" has neither "class_name"/"model_config" (layers-model) nor "node" (graph-model)');
}

/**
 * Reads a TF.js `model.json` and its weight shards from disk (no tfjs-node: plain fs reads). `path` may be the
 * model.json or its folder. Errors: `SALIENCY_MODEL_NOT_FOUND` (no such file), `SALIENCY_MODEL_INVALID` (not JSON, or
 * not a TF.js model), `SALIENCY_WEIGHTS_INVALID` (a shard is missing or its size differs from the manifest).
 */
export async function readModelFiles(path: string): Promise<ModelFiles> {
  // Imported here, not at the top, so that importing the package stays possible in a browser.
  const fs = await import('node:fs/promises');
  const p = await import('node:path');
  let modelPath = p.resolve(path);
  const stat = await fs.stat(modelPath).catch(() => null);
  if (stat?.isDirectory()) modelPath = p.join(modelPath, 'model.json');
  const text = await fs.readFile(modelPath, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new SaliencyError('SALIENCY_MODEL_NOT_FOUND', `Model file not found: ${modelPath}${e.code && e.code !== 'ENOENT' ? ` (${e.code})` : ''}`, { path: modelPath }, { cause: e });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw invalid(modelPath, `not valid JSON (${(e as Error).message})`, e);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw invalid(modelPath, 'expected a JSON object with "modelTopology" and "weightsManifest"');
  const obj = json as Record<string, unknown>;
  if (!obj.modelTopology || typeof obj.modelTopology !== 'object') throw invalid(modelPath, 'missing "modelTopology" (is this a TF.js model.json?)');
  const manifest = (obj.weightsManifest ?? []) as tf.io.WeightsManifestConfig;
  if (!Array.isArray(manifest) || manifest.some((g) => !g || !Array.isArray(g.paths) || !Array.isArray(g.weights))) {
    throw invalid(modelPath, '"weightsManifest" must be an array of {paths: [...], weights: [...]} groups');
  }
  const format = detectFormat(modelPath, obj);
  const dir = p.dirname(modelPath);
  const parts: Uint8Array[] = [];
  for (const group of manifest) {
    const sizes: { file: string; bytes: number }[] = [];
    for (const rel of group.paths) {
      const file = p.resolve(dir, rel);
      const data = await fs.readFile(file).catch((e: NodeJS.ErrnoException) => {
        throw new SaliencyError('SALIENCY_WEIGHTS_INVALID', `Weight shard ${file} listed in ${modelPath} is missing${e.code && e.code !== 'ENOENT' ? ` (${e.code})` : ''}`, { shard: file }, { cause: e });
      });
      sizes.push({ file, bytes: data.byteLength });
      parts.push(data);
    }
    const expected = expectedBytes(group.weights);
    const actual = sizes.reduce((s, x) => s + x.bytes, 0);
    if (expected !== null && expected !== actual) {
      const which = sizes.length === 1 ? `Weight shard ${sizes[0]!.file} has ${actual} bytes` : `Weight shards ${sizes.map((s) => `${s.file} (${s.bytes} bytes)`).join(', ')} hold ${actual} bytes`;
      throw new SaliencyError('SALIENCY_WEIGHTS_INVALID', `${which}; ${modelPath} lists weights [${group.weights.map((w) => w.name).join(', ')}] needing ${expected} bytes`, {
        shards: sizes,
        expectedBytes: expected,
        actualBytes: actual,
      });
    }
  }
  const weightData = joinBytes(parts);
  const artifacts = await tf.io.getModelArtifactsForJSON(json as tf.io.ModelJSON, async (m) => [m.flatMap((g) => g.weights), weightData]);
  return { modelPath, format, artifacts };
}

/** Bytes the manifest entries need, or null when a string weight makes the size data-dependent. */
function expectedBytes(weights: readonly tf.io.WeightsManifestEntry[]): number | null {
  let total = 0;
  for (const w of weights) {
    const per = STORED_BYTES[w.quantization?.dtype ?? w.dtype];
    if (per === undefined) return null;
    total += per * w.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}

function joinBytes(parts: readonly Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((s, x) => s + x.byteLength, 0));
  let at = 0;
  for (const x of parts) {
    out.set(x, at);
    at += x.byteLength;
  }
  return out.buffer;
}

/**
 * Loads a model.json (LayersModel or GraphModel, weights from the shards beside it) and wraps it in the matching
 * {@link ModelAdapter}. The adapter owns the model; `dispose()` it when done.
 */
export async function loadModel(path: string, options: LoadModelOptions = {}): Promise<ModelAdapter> {
  const { modelPath, format, artifacts } = await readModelFiles(path);
  const want = options.format ?? 'auto';
  if (want !== 'auto' && want !== format) throw invalid(modelPath, `is a ${format}, not a ${want}`);
  const { basename, dirname } = await import('node:path');
  const meta = { id: options.id ?? basename(dirname(modelPath)), source: modelPath };
  const handler: tf.io.IOHandler = { load: async () => artifacts };
  try {
    if (format === 'layers-model') {
      const model = await tfl.loadLayersModel(handler);
      return createLayersModelAdapter(model, { ...meta, forceAutodiff: options.forceAutodiff ?? false });
    }
    return createGraphModelAdapter(await tfc.loadGraphModel(handler), meta);
  } catch (e) {
    if (isSaliencyError(e)) throw e;
    throw invalid(modelPath, `TF.js could not build the ${format} (${(e as Error).message.split('\n')[0]})`, e);
  }
}
