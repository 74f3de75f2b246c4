import * as tf from '@tensorflow/tfjs-core';
import { defineMetric, SaliencyError, type MetricInput, type MetricResult } from '@saliency/core';
import { referenceBlur } from '../util/blur.js';
import { checkMaps, checkSameShape, checkTargets, inputError, qualifiedId, requireField } from '../util/inputs.js';
import { cleanMap, selectTop, TOP_K_OPTION_PROPERTIES, topKCount, transposeFlat, type TieOrder } from '../util/top-k.js';

export interface ConfidenceDropOptions {
  /** Percentage of pixels replaced: `K = int(kPercent/100 · H·W)` (the RQ2 scripts use 50). */
  readonly kPercent: number;
  /** `'zero'`: 0 in model-input space (the mean colour of a mean/std-normalised input); `'blur'`: the reference blur. */
  readonly replacement: 'zero' | 'blur';
  /** Replace the mirrored pixels `(col, row)` of the selected `(row, col)`, as the authors' code does (Table III). */
  readonly legacyTransposedMask: boolean;
  readonly tieOrder: TieOrder;
}

const ID = 'confidence-drop';

/**
 * RQ2's fidelity measure (`CAM_eval/comprehensive_eval.py`, and `confidence_drop_top_k.py` for `'blur'`).
 * Per image: the top-K% pixels of the (cleaned, `nan_to_num(max(x, 0))`) map for the target class are replaced in all
 * channels, by 0 (`'zero'`) or by the same pixels of the image blurred with torchvision's `gaussian_blur`
 * (kernel 5, sigma 1.1, reflect padding; `'blur'`). The clean and the perturbed batch each go through
 * `adapter.predict` once (the clean one not at all when `input.logits` is given); `p0`, `p1` are the softmax
 * probabilities of the target class before and after.
 *
 * - `scores`: Average Drop `max(p0 − p1, 0) / p0` in [0, 1] (the headline, Table III).
 * - `columns`: `rawDrop = p0 − p1` (the paper's wording), `confBefore = p0`, `confAfter = p1`.
 * - `details[i]`: `selected` (flat indices in selection order), `masked` (flat indices actually replaced, ascending),
 *   `numPixels` (K), `zeroBaseline`.
 *
 * `p0 = 0` (the target's probability underflowed): the numerator `max(−p1, 0)` is then 0 for every `p1`, so the
 * score is defined as 0 and `details[i].zeroBaseline` is `true` (the reference would divide 0 by 0). Non-finite
 * probabilities (NaN/Inf logits) throw `SALIENCY_INVALID_INPUT` naming the image instead of returning NaN.
 */
export const confidenceDrop = defineMetric<ConfidenceDropOptions>({
  id: ID,
  displayName: 'Confidence drop (Average Drop, top-k%)',
  description: 'Drop of the target-class probability after replacing the top-k% salient pixels (CASE RQ2, Average Drop); higher = more faithful.',
  scoreDirection: 'higher',
  category: 'faithfulness',
  requires: ['logits', 'input'],
  inputs: ['maps'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['kPercent', 'replacement', 'legacyTransposedMask', 'tieOrder'],
    properties: {
      ...TOP_K_OPTION_PROPERTIES,
      replacement: { type: 'string', enum: ['zero', 'blur'] },
      legacyTransposedMask: { type: 'boolean' },
    },
  },
  defaultOptions: { kPercent: 50, replacement: 'zero', legacyTransposedMask: false, tieOrder: 'value-then-index' },
  create: (options) => ({
    id: ID,
    async evaluate(input: MetricInput): Promise<MetricResult> {
      const maps = requireField(ID, input, 'maps', '[B,H,W] maps of the target classes');
      const x = requireField(ID, input, 'input', '[B,H,W,C] model input');
      const adapter = requireField(ID, input, 'adapter', 'the model that scores the perturbed images');
      const [b, h, w] = checkMaps(ID, 'maps', maps);
      if (x.rank !== 4) throw inputError(ID, `input must be [B,H,W,C] (got shape [${x.shape.join(',')}])`, { field: 'input' });
      checkSameShape(ID, 'maps', maps.shape, 'input[B,H,W]', x.shape.slice(0, 3));
      if (options.legacyTransposedMask && h !== w) {
        throw new SaliencyError('SALIENCY_UNSUPPORTED', `Metric "${qualifiedId(ID)}": legacyTransposedMask needs square maps (got ${h}x${w})`);
      }
      const numClasses = adapter.meta.numClasses;
      const targets = checkTargets(ID, input.targets, b, numClasses);
      const n = h * w;
      const c = x.shape[3];
      const k = topKCount(options.kPercent, n);
      if (k === 0) {
        throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Metric "${qualifiedId(ID)}": kPercent ${options.kPercent} of ${h}x${w} pixels selects no pixel`);
      }
      const data = (await maps.data()) as Float32Array;
      const mask = new Uint8Array(b * n * c);
      const details: Record<string, unknown>[] = [];
      for (let i = 0; i < b; i++) {
        const selected = selectTop(cleanMap(data.subarray(i * n, (i + 1) * n)), k, options.tieOrder);
        const masked = (options.legacyTransposedMask ? transposeFlat(selected, h, w) : Int32Array.from(selected)).sort();
        for (const f of masked) mask.fill(1, (i * n + f) * c, (i * n + f + 1) * c);
        details.push({ selected: Array.from(selected), masked: Array.from(masked), numPixels: k, zeroBaseline: false });
      }
      const perturbed = tf.tidy(() => {
        const m = tf.tensor4d(mask, [b, h, w, c], 'bool');
        const replacement = options.replacement === 'blur' ? referenceBlur(x) : tf.zerosLike(x);
        return tf.where(m, replacement, x);
      });
      let before: Float32Array;
      let after: Float32Array;
      try {
        // The caller's clean logits, when given, spare one forward pass per method (the study passes its body's head).
        const [p0, p1] = tf.tidy(() => [tf.softmax(input.logits ?? adapter.predict(x)), tf.softmax(adapter.predict(perturbed))]) as [tf.Tensor, tf.Tensor];
        const shapes = [p0.shape, p1.shape].map((s) => `[${s.join(',')}]`);
        [before, after] = (await Promise.all([p0.data(), p1.data()])) as [Float32Array, Float32Array];
        p0.dispose();
        p1.dispose();
        if (shapes.some((s) => s !== `[${b},${numClasses}]`)) {
          const clean = input.logits ? 'input.logits' : 'adapter.predict of the input';
          throw inputError(ID, `${clean} has shape ${shapes[0]} and adapter.predict of the perturbed input ${shapes[1]}; expected [${b},${numClasses}]`);
        }
      } finally {
        perturbed.dispose();
      }
      const scores = new Float64Array(b);
      const rawDrop = new Float64Array(b);
      const confBefore = new Float64Array(b);
      const confAfter = new Float64Array(b);
      for (let i = 0; i < b; i++) {
        const q0 = before[i * numClasses + targets[i]!]!;
        const q1 = after[i * numClasses + targets[i]!]!;
        if (!Number.isFinite(q0) || !Number.isFinite(q1)) {
          throw inputError(ID, `non-finite probability of class ${targets[i]} for image ${i} (before ${q0}, after ${q1}); check the input and the model`, { image: i });
        }
        confBefore[i] = q0;
        confAfter[i] = q1;
        rawDrop[i] = q0 - q1;
        if (q0 > 0) scores[i] = Math.max(q0 - q1, 0) / q0;
        else details[i]!.zeroBaseline = true; // max(0 − p1, 0) = 0 for every p1: score 0
      }
      return { scores, columns: { rawDrop, confBefore, confAfter }, details };
    },
  }),
});
