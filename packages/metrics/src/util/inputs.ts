import type * as tf from '@tensorflow/tfjs-core';
import { SaliencyError, type MetricInput } from '@saliency/core';

/** Namespace of this package's plugins; errors name metrics by their qualified id. */
export const NAMESPACE = 'metrics';

/** `metrics/<id>`. */
export function qualifiedId(id: string): string {
  return `${NAMESPACE}/${id}`;
}

const shapeText = (s: readonly number[]): string => `[${s.join(',')}]`;

/** A `SALIENCY_INVALID_INPUT` error whose message starts with `Metric "metrics/<id>": `. */
export function inputError(id: string, message: string, details?: Record<string, unknown>): SaliencyError {
  return new SaliencyError('SALIENCY_INVALID_INPUT', `Metric "${qualifiedId(id)}": ${message}`, { metric: qualifiedId(id), ...details });
}

/** Returns `input[field]`, or throws an error naming the metric and the missing field. */
export function requireField<K extends keyof MetricInput>(id: string, input: MetricInput, field: K, what: string): NonNullable<MetricInput[K]> {
  const v = input[field];
  if (v === undefined || v === null) {
    throw inputError(id, `needs MetricInput.${String(field)} (${what}), which was not given`, { field });
  }
  return v as NonNullable<MetricInput[K]>;
}

/** Checks that `t` is `[B, H, W]` with B ≥ 1 (an empty batch is an error: there is nothing to score). */
export function checkMaps(id: string, name: string, t: tf.Tensor): [number, number, number] {
  if (t.rank !== 3) throw inputError(id, `${name} must be [B,H,W] maps (got shape ${shapeText(t.shape)})`, { field: name });
  const [b, h, w] = t.shape as [number, number, number];
  if (b === 0) throw inputError(id, `empty batch: ${name} has shape ${shapeText(t.shape)}`, { field: name });
  if (h === 0 || w === 0) throw inputError(id, `${name} has no pixels (shape ${shapeText(t.shape)})`, { field: name });
  return [b, h, w];
}

/** Throws unless the two shapes are equal, naming both. */
export function checkSameShape(id: string, nameA: string, a: readonly number[], nameB: string, b: readonly number[]): void {
  if (a.length !== b.length || a.some((v, i) => v !== b[i])) {
    throw inputError(id, `${nameA} has shape ${shapeText(a)} but ${nameB} has shape ${shapeText(b)}; they must match`, {
      shapes: { [nameA]: [...a], [nameB]: [...b] },
    });
  }
}

/** Checks one integer target in `[0, numClasses)` per image. */
export function checkTargets(id: string, targets: readonly number[] | undefined, batch: number, numClasses: number): readonly number[] {
  if (!targets) throw inputError(id, 'needs MetricInput.targets (one class per image), which was not given', { field: 'targets' });
  if (targets.length !== batch) {
    throw new SaliencyError('SALIENCY_INVALID_TARGET', `Metric "${qualifiedId(id)}": targets has ${targets.length} classes for ${batch} images`);
  }
  targets.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new SaliencyError('SALIENCY_INVALID_TARGET', `Metric "${qualifiedId(id)}": target class ${c} of image ${i} is out of range [0, ${numClasses})`);
    }
  });
  return targets;
}

export { shapeText };
