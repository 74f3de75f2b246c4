import { SaliencyError, defineContrastSelector, type ContrastRequest } from '@saliency/core';
import { contrastsByCount, contrastsNumpy } from '../util/contrast-order.js';
import { matrixFromRows, readMatrixFile, type ConfusionMatrix } from '../util/matrix-file.js';

export interface ConfusionMatrixOptions {
  /** The matrix inline: rows = true class, columns = predicted class. */
  readonly matrix?: readonly (readonly number[])[];
  /** A `.json` (2-D array or `{matrix, classes?}`), `.csv` or `.npy` file holding the matrix. */
  readonly path?: string;
  /** `count-then-index` (default: target excluded, count desc, index asc) or `numpy` (the authors' code). */
  readonly order: 'count-then-index' | 'numpy';
}

/** Checks the per-image request against the matrix. */
function checkRequest(m: ConfusionMatrix, { targets, logits, k }: ContrastRequest): void {
  const n = logits.shape[1];
  if (n !== m.size) {
    throw new SaliencyError('SALIENCY_INVALID_MATRIX', `confusion matrix ${m.source}: is ${m.size}×${m.size} but the model has ${n} classes`, { source: m.source });
  }
  if (targets.length !== logits.shape[0]) {
    throw new SaliencyError('SALIENCY_INVALID_TARGET', `case/confusion-matrix: ${targets.length} targets for ${logits.shape[0]} images`);
  }
  if (!Number.isInteger(k) || k < 1 || k > n - 1) {
    throw new SaliencyError('SALIENCY_INVALID_TARGET', `case/confusion-matrix: k = ${k} contrast classes requested, must be in [1, ${n - 1}] for ${n} classes`);
  }
  targets.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0 || t >= n) {
      throw new SaliencyError('SALIENCY_INVALID_TARGET', `case/confusion-matrix: target class ${t} for image ${i} is out of range [0, ${n})`);
    }
  });
}

/**
 * CASE's contrast set: the k classes the target is most often confused with, read from the target's row of a
 * confusion matrix (ALGORITHMS.md §2.3, §10 #5, #6).
 */
export const confusionMatrix = defineContrastSelector<ConfusionMatrixOptions>({
  id: 'confusion-matrix',
  displayName: 'Confusion-matrix contrasts',
  description: 'The k classes most often predicted for images of the target class, from a confusion matrix (rows = true class).',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['order'],
    properties: {
      matrix: { type: 'array', minItems: 1, items: { type: 'array' } },
      path: { type: 'string', minLength: 1 },
      order: { enum: ['count-then-index', 'numpy'] },
    },
  },
  defaultOptions: { order: 'count-then-index' },
  requires: ['logits'],
  async create({ matrix, path, order }, deps) {
    if ((matrix === undefined) === (path === undefined)) {
      throw new SaliencyError('SALIENCY_INVALID_OPTIONS', 'Plugin "case/confusion-matrix": give exactly one of options/matrix or options/path');
    }
    const m = matrix !== undefined ? matrixFromRows(matrix, 'inline matrix') : await readMatrixFile(path!);
    const numClasses = deps.adapter?.meta.numClasses;
    if (numClasses !== undefined && numClasses !== m.size) {
      throw new SaliencyError('SALIENCY_INVALID_MATRIX', `confusion matrix ${m.source}: is ${m.size}×${m.size} but model ${deps.adapter!.meta.id} has ${numClasses} classes`, { source: m.source });
    }
    const pick = order === 'numpy' ? contrastsNumpy : contrastsByCount;
    return {
      id: 'case/confusion-matrix',
      async select(request) {
        checkRequest(m, request);
        return request.targets.map((t) => pick(m.values.subarray(t * m.size, (t + 1) * m.size), t, request.k));
      },
    };
  },
});
