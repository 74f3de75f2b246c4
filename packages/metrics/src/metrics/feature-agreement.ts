import { defineMetric, SaliencyError, type MetricInput, type MetricResult } from '@saliency/core';
import { checkMaps, checkSameShape, qualifiedId, requireField } from '../util/inputs.js';
import { agreementPercent, cleanMap, selectTop, TOP_K_OPTION_PROPERTIES, topKCount, type TieOrder } from '../util/top-k.js';

export interface FeatureAgreementOptions {
  /** Percentage of pixels selected from each map: `K = int(kPercent/100 · H·W)`. */
  readonly kPercent: number;
  /** How equal values at the selection boundary are ordered (`'numpy'` reproduces the authors' numbers). */
  readonly tieOrder: TieOrder;
}

const ID = 'feature-agreement';

/**
 * RQ1's class-sensitivity diagnostic (`CAM_eval/class_sensitive.py`): the top-K% pixels `P1` of `maps` (usually the
 * top-1 class's maps) and `P2` of `otherMaps` (the top-2 class's), and per image
 * `agreement = |P1 ∩ P2| / |P1| × 100` (percent, float64, divided first). Maps are cleaned with
 * `nan_to_num(max(x, 0))` first. Lower agreement means the explanation changes more with the class.
 *
 * Details per image: `selected` and `otherSelected` (flat `row·W + col` indices in selection order) and
 * `numPixels` (K). Throws when the two map batches differ in shape, the batch is empty, or K would be 0.
 */
export const featureAgreement = defineMetric<FeatureAgreementOptions>({
  id: ID,
  displayName: 'Feature agreement (top-k%)',
  description: 'Percentage of top-k% salient pixels shared by the maps of two classes (CASE RQ1); lower = more class-sensitive.',
  scoreDirection: 'lower',
  category: 'sensitivity',
  inputs: ['maps', 'otherMaps'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['kPercent', 'tieOrder'],
    properties: TOP_K_OPTION_PROPERTIES,
  },
  defaultOptions: { kPercent: 5, tieOrder: 'value-then-index' },
  create: (options) => ({
    id: ID,
    async evaluate(input: MetricInput): Promise<MetricResult> {
      const maps = requireField(ID, input, 'maps', '[B,H,W] maps of the first class');
      const other = requireField(ID, input, 'otherMaps', '[B,H,W] maps of the class to compare with');
      const [b, h, w] = checkMaps(ID, 'maps', maps);
      checkMaps(ID, 'otherMaps', other);
      checkSameShape(ID, 'maps', maps.shape, 'otherMaps', other.shape);
      const n = h * w;
      const k = topKCount(options.kPercent, n);
      if (k === 0) {
        throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Metric "${qualifiedId(ID)}": kPercent ${options.kPercent} of ${h}x${w} pixels selects no pixel`);
      }
      const [d1, d2] = (await Promise.all([maps.data(), other.data()])) as [Float32Array, Float32Array];
      const scores = new Float64Array(b);
      const details: Record<string, unknown>[] = [];
      for (let i = 0; i < b; i++) {
        const p1 = selectTop(cleanMap(d1.subarray(i * n, (i + 1) * n)), k, options.tieOrder);
        const p2 = selectTop(cleanMap(d2.subarray(i * n, (i + 1) * n)), k, options.tieOrder);
        scores[i] = agreementPercent(p1, p2);
        details.push({ selected: Array.from(p1), otherSelected: Array.from(p2), numPixels: k });
      }
      return { scores, details };
    },
  }),
});
