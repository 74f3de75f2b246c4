/** Building a confusion matrix (rows = true class, columns = predicted class, raw counts) from labelled data. */
import * as tf from '@tensorflow/tfjs-core';
import { SaliencyError, type DatasetSample, type ModelAdapter } from '@saliency/core';

/** Counts `matrix[label][prediction]`. Throws `SALIENCY_INVALID_TARGET` for mismatched lengths or out-of-range classes. */
export function confusionMatrixFromPredictions(labels: readonly number[], predictions: readonly number[], numClasses: number): number[][] {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new SaliencyError('SALIENCY_INVALID_TARGET', `numClasses must be a positive integer (got ${numClasses})`);
  }
  if (labels.length !== predictions.length) {
    throw new SaliencyError('SALIENCY_INVALID_TARGET', `${labels.length} labels but ${predictions.length} predictions`);
  }
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  labels.forEach((y, i) => {
    const p = predictions[i]!;
    for (const [what, c] of [['label', y], ['prediction', p]] as const) {
      if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
        throw new SaliencyError('SALIENCY_INVALID_TARGET', `${what} ${c} of sample ${i} is out of range [0, ${numClasses})`, { index: i });
      }
    }
    m[y]![p]! += 1;
  });
  return m;
}

export interface ComputeConfusionOptions {
  /** Images per forward pass (default 32). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: { stage: string; done: number; total: number }) => void;
}

export interface ComputedConfusionMatrix {
  readonly matrix: number[][];
  /** Number of samples counted. */
  readonly count: number;
  /** Sample ids in the order counted (to record which split the matrix came from). */
  readonly sampleIds: string[];
}

/** Index of the largest value (the first on ties, as `torch.argmax`/`np.argmax`). */
function argmax(row: ArrayLike<number>, from: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (row[from + j]! > row[from + best]!) best = j;
  return best;
}

/**
 * Runs the adapter on labelled samples (a calibration split disjoint from the evaluation images) and counts
 * true-vs-predicted classes. Samples without a label, or whose shape differs from the model input, are errors.
 */
export async function computeConfusionMatrix(
  adapter: ModelAdapter,
  samples: AsyncIterable<DatasetSample> | Iterable<DatasetSample>,
  options: ComputeConfusionOptions = {},
): Promise<ComputedConfusionMatrix> {
  const batchSize = options.batchSize ?? 32;
  const { numClasses, inputShape } = adapter.meta;
  const labels: number[] = [];
  const predictions: number[] = [];
  const sampleIds: string[] = [];
  let pending: DatasetSample[] = [];
  const flush = async (): Promise<void> => {
    if (!pending.length) return;
    if (options.signal?.aborted) throw new SaliencyError('SALIENCY_ABORTED', 'confusion matrix computation was aborted');
    const [h, w, c] = inputShape;
    const data = new Float32Array(pending.length * h * w * c);
    pending.forEach((s, i) => data.set(s.image, i * h * w * c));
    const x = tf.tensor4d(data, [pending.length, h, w, c]);
    const logits = adapter.predict(x);
    x.dispose();
    const values = await logits.data();
    logits.dispose();
    pending.forEach((s, i) => {
      labels.push(s.label!);
      predictions.push(argmax(values, i * numClasses, numClasses));
      sampleIds.push(s.id);
    });
    pending = [];
    options.onProgress?.({ stage: 'confusion matrix', done: labels.length, total: labels.length });
  };
  for await (const s of samples) {
    if (s.label === undefined) throw new SaliencyError('SALIENCY_INVALID_INPUT', `sample ${s.id} has no label`);
    if (s.shape.some((d, i) => d !== inputShape[i])) {
      throw new SaliencyError('SALIENCY_INVALID_INPUT', `sample ${s.id} has shape [${s.shape.join(', ')}], the model takes [${inputShape.join(', ')}]`);
    }
    pending.push(s);
    if (pending.length >= batchSize) await flush();
  }
  await flush();
  return { matrix: confusionMatrixFromPredictions(labels, predictions, numClasses), count: labels.length, sampleIds };
}
