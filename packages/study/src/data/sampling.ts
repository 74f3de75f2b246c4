import * as tf from '@tensorflow/tfjs-core';
import { createRng, rankedClasses, SaliencyError, type DatasetSample, type DatasetSource, type ModelAdapter } from '@saliency/core';

/** The dataset positions a study uses: a calibration split and, disjoint from it, the evaluation pool. */
export interface IndexPlan {
  readonly calibration: readonly number[];
  /** Candidates for the sample, in the order they are tried. */
  readonly pool: readonly number[];
}

/**
 * One seeded Fisher–Yates permutation of `[0, size)`: its first `calibration` positions are the calibration split,
 * the rest the evaluation pool. Every model and method sees the same permutation for a given seed.
 */
export function planIndices(size: number, calibration: number, seed: number): IndexPlan {
  const rng = createRng(seed).fork('study/sample');
  const perm = Array.from({ length: size }, (_, i) => i);
  for (let i = size - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return { calibration: perm.slice(0, calibration), pool: perm.slice(calibration) };
}

/** An image of a model's sample. */
export interface SelectedImage {
  /** Position in the sample (0-based). */
  readonly position: number;
  /** Position in the dataset. */
  readonly index: number;
  readonly id: string;
  readonly label: number | null;
  readonly predicted: number;
  /** `predicted === label`; null without a label. */
  readonly correct: boolean | null;
}

export interface Selection {
  readonly images: readonly SelectedImage[];
  /** Candidates predicted to fill the sample. */
  readonly examined: number;
}

/** Stacks samples into one `[B, H, W, C]` tensor, checking each against the model's input shape. */
export function stackSamples(samples: readonly DatasetSample[], adapter: ModelAdapter): tf.Tensor4D {
  const [h, w, c] = adapter.meta.inputShape;
  const data = new Float32Array(samples.length * h * w * c);
  samples.forEach((s, i) => {
    if (s.shape[0] !== h || s.shape[1] !== w || s.shape[2] !== c) {
      throw new SaliencyError('SALIENCY_INVALID_INPUT', `sample ${s.id} is [${s.shape.join(', ')}] after preprocessing, model ${adapter.meta.id} takes [${h}, ${w}, ${c}]`);
    }
    data.set(s.image, i * h * w * c);
  });
  return tf.tensor4d(data, [samples.length, h, w, c]);
}

/** Reads the samples at `indices` (in that order). */
export async function readSamples(source: DatasetSource, indices: readonly number[]): Promise<DatasetSample[]> {
  const out: DatasetSample[] = [];
  for await (const s of source.samples({ indices })) out.push(s);
  return out;
}

/**
 * Walks the pool in order, predicting a batch at a time, and keeps the first `want` images, only correctly
 * classified ones when `correctOnly` (the paper's filter). Deterministic: same pool and model, same sample.
 */
export async function selectImages(o: {
  adapter: ModelAdapter;
  source: DatasetSource;
  pool: readonly number[];
  want: number;
  correctOnly: boolean;
  batchSize: number;
  signal?: AbortSignal;
}): Promise<Selection> {
  const images: SelectedImage[] = [];
  let examined = 0;
  while (images.length < o.want && examined < o.pool.length) {
    if (o.signal?.aborted) throw new SaliencyError('SALIENCY_ABORTED', 'the study was stopped while choosing images');
    const chunk = o.pool.slice(examined, examined + o.batchSize);
    examined += chunk.length;
    const samples = await readSamples(o.source, chunk);
    const x = stackSamples(samples, o.adapter);
    const logits = o.adapter.predict(x);
    x.dispose();
    const values = (await logits.data()) as Float32Array;
    logits.dispose();
    const n = o.adapter.meta.numClasses;
    for (const [i, s] of samples.entries()) {
      if (o.correctOnly && s.label === undefined) {
        throw new SaliencyError('SALIENCY_INVALID_CONFIG', `sample ${s.id} has no label, so config.sampling.correctOnly cannot be applied; set it to false`);
      }
      const predicted = rankedClasses(values.subarray(i * n, (i + 1) * n))[0]!;
      const correct = s.label === undefined ? null : predicted === s.label;
      if (o.correctOnly && !correct) continue;
      if (images.length < o.want) images.push({ position: images.length, index: chunk[i]!, id: s.id, label: s.label ?? null, predicted, correct });
    }
  }
  return { images, examined };
}
