import { defineMetric, SaliencyError, type MetricInput, type MetricResult } from '@saliency/core';
import { checkMaps, checkTargets, inputError, qualifiedId, requireField } from '../util/inputs.js';
import { cleanMap, selectTop, TOP_K_OPTION_PROPERTIES, topKCount, type TieOrder } from '../util/top-k.js';

export interface UniqueEvidenceOptions {
  /** Percentage of pixels taken from each map: `K = int(kPercent/100 · H·W)`. */
  readonly kPercent: number;
  /** How equal values at the selection boundary are ordered. */
  readonly tieOrder: TieOrder;
}

const ID = 'unique-evidence';
/** The mask naming convention: `class:<c>` marks where the image shows parts that class `c` has. */
const classMask = (c: number): string => `class:${c}`;

/**
 * Ground-truth localisation of *uniquely discriminative* evidence. For image i with target u = `targets[i]`, contrast
 * v = `contrasts[i][0]` and masks `class:u`, `class:v` (`[H·W]` 0/1; "the pixels of the parts of class c that the
 * image shows", as the zoo's synthetic parts dataset provides them):
 * unique = class:u ∖ class:v (parts of u that v lacks), shared = class:u ∩ class:v, outside = everything else.
 * Maps are cleaned (`nan_to_num(max(x, 0))`) and the top-K% pixels selected as in the other top-k metrics.
 *
 * Score: the fraction of the top-K pixels inside the unique region (higher = the map points at what tells u from v).
 * Columns: `uniqueTopK`, `sharedTopK`, `outsideTopK` (sum to 1); `uniqueMass`, `sharedMass`, `outsideMass` (share of
 * the cleaned map's total value; NaN for an all-zero map); `uniqueArea`, `sharedArea` (share of the image, the
 * chance level of a random map); `contrast` (v). Details: `contrast`, `numPixels` (K), `uniquePixels`, `sharedPixels`.
 */
export const uniqueEvidence = defineMetric<UniqueEvidenceOptions>({
  id: ID,
  displayName: 'Unique evidence (top-k%)',
  description: "Fraction of the top-k% salient pixels inside the target's uniquely discriminative region against its contrast class (ground-truth masks).",
  scoreDirection: 'higher',
  category: 'localisation',
  inputs: ['maps', 'masks', 'contrasts'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['kPercent', 'tieOrder'],
    properties: TOP_K_OPTION_PROPERTIES,
  },
  defaultOptions: { kPercent: 10, tieOrder: 'value-then-index' },
  create: (options) => ({
    id: ID,
    async evaluate(input: MetricInput): Promise<MetricResult> {
      const maps = requireField(ID, input, 'maps', '[B,H,W] maps of the target classes');
      const masks = requireField(ID, input, 'masks', "per-image masks named 'class:<c>', e.g. from the zoo's synthetic parts dataset");
      const contrasts = requireField(ID, input, 'contrasts', 'one contrast class per image, e.g. the designed confuser');
      const [b, h, w] = checkMaps(ID, 'maps', maps);
      const targets = checkTargets(ID, input.targets, b, input.adapter.meta.numClasses);
      if (masks.length !== b) throw inputError(ID, `masks has ${masks.length} entries for ${b} images`, { field: 'masks' });
      if (contrasts.length !== b) throw inputError(ID, `contrasts has ${contrasts.length} entries for ${b} images`, { field: 'contrasts' });
      const n = h * w;
      const k = topKCount(options.kPercent, n);
      if (k === 0) {
        throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Metric "${qualifiedId(ID)}": kPercent ${options.kPercent} of ${h}x${w} pixels selects no pixel`);
      }
      const mask = (i: number, c: number): Uint8Array => {
        const m = masks[i]?.[classMask(c)];
        if (!m) {
          const have = Object.keys(masks[i] ?? {}).filter((x) => x.startsWith('class:'));
          throw inputError(ID, `image ${i} has no '${classMask(c)}' mask (has ${have.length ? have.join(', ') : 'no class:<c> masks'})`, { field: 'masks', image: i });
        }
        if (m.length !== n) throw inputError(ID, `mask '${classMask(c)}' of image ${i} has ${m.length} pixels, the maps ${h}x${w} = ${n}`, { field: 'masks', image: i });
        return m;
      };
      const data = (await maps.data()) as Float32Array;
      const cols = Object.fromEntries(
        ['uniqueTopK', 'sharedTopK', 'outsideTopK', 'uniqueMass', 'sharedMass', 'outsideMass', 'uniqueArea', 'sharedArea', 'contrast'].map((c) => [c, new Float64Array(b)]),
      ) as Record<string, Float64Array>;
      const details: Record<string, unknown>[] = [];
      for (let i = 0; i < b; i++) {
        const u = targets[i]!;
        const v = contrasts[i]?.[0];
        if (v === undefined || !Number.isInteger(v)) {
          throw new SaliencyError('SALIENCY_INVALID_TARGET', `Metric "${qualifiedId(ID)}": image ${i} has no contrast class (contrasts[${i}] = ${JSON.stringify(contrasts[i])})`);
        }
        if (v === u) throw new SaliencyError('SALIENCY_INVALID_TARGET', `Metric "${qualifiedId(ID)}": image ${i}'s contrast class ${v} is its target; unique evidence needs two different classes`);
        const mu = mask(i, u);
        const mv = mask(i, v);
        // Region per pixel: 0 outside, 1 unique, 2 shared.
        const region = new Uint8Array(n);
        let uniquePixels = 0;
        let sharedPixels = 0;
        for (let p = 0; p < n; p++) {
          if (mu[p]) {
            if (mv[p]) {
              region[p] = 2;
              sharedPixels++;
            } else {
              region[p] = 1;
              uniquePixels++;
            }
          }
        }
        const cleaned = cleanMap(data.subarray(i * n, (i + 1) * n));
        const top = selectTop(cleaned, k, options.tieOrder);
        const count = [0, 0, 0];
        for (const p of top) count[region[p]!]! += 1;
        const mass = [0, 0, 0];
        let total = 0;
        for (let p = 0; p < n; p++) {
          mass[region[p]!]! += cleaned[p]!;
          total += cleaned[p]!;
        }
        cols.uniqueTopK![i] = count[1]! / k;
        cols.sharedTopK![i] = count[2]! / k;
        cols.outsideTopK![i] = count[0]! / k;
        cols.uniqueMass![i] = total > 0 ? mass[1]! / total : NaN;
        cols.sharedMass![i] = total > 0 ? mass[2]! / total : NaN;
        cols.outsideMass![i] = total > 0 ? mass[0]! / total : NaN;
        cols.uniqueArea![i] = uniquePixels / n;
        cols.sharedArea![i] = sharedPixels / n;
        cols.contrast![i] = v;
        details.push({ contrast: v, numPixels: k, uniquePixels, sharedPixels });
      }
      return { scores: Float64Array.from(cols.uniqueTopK!), columns: cols, details };
    },
  }),
});
