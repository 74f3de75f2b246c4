import { SaliencyError } from '../errors.js';

/** The classes to explain: the top-1 or top-2 prediction of each image, or one explicit class per image. */
export type TargetSpec = 'top1' | 'top2' | readonly number[];

/** Turns `top1`/`top2`/explicit classes into one class per image, checking the range. */
export function resolveTargets(spec: TargetSpec, logits: readonly Float32Array[], numClasses: number): number[] {
  if (spec === 'top1' || spec === 'top2') {
    const rank = spec === 'top1' ? 0 : 1;
    return logits.map((row) => rankedClasses(row)[rank]!);
  }
  if (spec.length !== logits.length) {
    throw new SaliencyError('SALIENCY_INVALID_TARGET', `targets has ${spec.length} classes for ${logits.length} images`);
  }
  spec.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new SaliencyError('SALIENCY_INVALID_TARGET', `target class ${c} for image ${i} is out of range [0, ${numClasses})`);
    }
  });
  return [...spec];
}

/** Class indices by descending logit, ties by ascending index (deterministic). */
export function rankedClasses(row: ArrayLike<number>): number[] {
  return Array.from({ length: row.length }, (_, i) => i).sort((a, b) => row[b]! - row[a]! || a - b);
}
