import { SaliencyError, defineContrastSelector } from '@saliency/core';

export type TopLogitsOptions = Record<string, never>;

/**
 * The contrast set of the authors' `case_logits.py` (ALGORITHMS.md §2.7): the classes with the next-highest logits
 * of the current image, the target excluded; ties by ascending class index.
 */
export const topLogits = defineContrastSelector<TopLogitsOptions>({
  id: 'top-logits',
  displayName: 'Top-logit contrasts',
  description: 'The k classes with the highest logits on the current image other than the target.',
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  requires: ['logits'],
  create() {
    return {
      id: 'case/top-logits',
      async select({ targets, logits, k }) {
        const [b, n] = logits.shape;
        if (targets.length !== b) {
          throw new SaliencyError('SALIENCY_INVALID_TARGET', `case/top-logits: ${targets.length} targets for ${b} images`);
        }
        if (!Number.isInteger(k) || k < 1 || k > n - 1) {
          throw new SaliencyError('SALIENCY_INVALID_TARGET', `case/top-logits: k = ${k} contrast classes requested, must be in [1, ${n - 1}] for ${n} classes`);
        }
        const values = await logits.data();
        return targets.map((t, i) => {
          if (!Number.isInteger(t) || t < 0 || t >= n) {
            throw new SaliencyError('SALIENCY_INVALID_TARGET', `case/top-logits: target class ${t} for image ${i} is out of range [0, ${n})`);
          }
          const row = values.subarray(i * n, (i + 1) * n);
          const key = (c: number): number => (Number.isNaN(row[c]!) ? -Infinity : row[c]!);
          return Array.from({ length: n }, (_, c) => c)
            .filter((c) => c !== t)
            .sort((x, y) => key(y) - key(x) || x - y)
            .slice(0, k);
        });
      },
    };
  },
});
