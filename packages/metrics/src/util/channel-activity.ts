import { SaliencyError } from '@saliency/core';
import { pairwiseSum } from '@saliency/stats';
import { inputError } from './inputs.js';

/** Channel activity of one image (see the `channel-activity` metric). */
export interface ImageChannelActivity {
  /** Spatial mean of each channel, as float32 values. */
  readonly pooled: number[];
  /** Number of channels with `pooled > tau`, for each tau asked for, in order. */
  readonly counts: number[];
  /** Ids of the channels with `pooled > taus[0]`, ascending. */
  readonly active: number[];
  /** The `topN` channel ids with the largest means (ties: ascending id), largest first. */
  readonly top: number[];
}

/**
 * Per-image channel statistics of an NHWC activation `[B, h, w, C]` held in `data`: spatial means summed in float64
 * and rounded to float32, compared strictly with each tau rounded to float32 (numpy's float32-vs-Python-float rule).
 * Throws `SALIENCY_INVALID_INPUT` (naming metric `id`) when a mean is NaN or infinite.
 */
export function channelActivityOf(id: string, data: ArrayLike<number>, shape: readonly [number, number, number, number], taus: readonly number[], topN: number): ImageChannelActivity[] {
  const [b, h, w, c] = shape;
  const hw = h * w;
  const t32 = taus.map((t) => Math.fround(t));
  const out: ImageChannelActivity[] = [];
  for (let i = 0; i < b; i++) {
    const sums = new Float64Array(c);
    for (let p = 0; p < hw; p++) {
      const base = (i * hw + p) * c;
      for (let ch = 0; ch < c; ch++) sums[ch] += data[base + ch]!;
    }
    const pooled = Array.from(sums, (s) => Math.fround(s / hw));
    const bad = pooled.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw inputError(id, `the activation of image ${i}, channel ${bad} has a non-finite mean (${pooled[bad]})`, { image: i, channel: bad });
    const counts = t32.map((t) => pooled.reduce((n, v) => n + (v > t ? 1 : 0), 0));
    const active = pooled.flatMap((v, ch) => (v > t32[0]! ? [ch] : []));
    const top = Array.from({ length: c }, (_, ch) => ch)
      .sort((x, y) => pooled[y]! - pooled[x]! || x - y)
      .slice(0, Math.min(topN, c));
    out.push({ pooled, counts, active, top });
  }
  return out;
}

/** Mean active-channel count of one class. */
export interface ClassActivity {
  readonly label: number;
  /** Number of images of the class. */
  readonly n: number;
  /** Mean of their counts (float64; sum in record order, then divided by n). */
  readonly mean: number;
}

/**
 * `groupby(label).mean(active_channel_count)` of `plots/channel_activity_plot.py`, grouped by class **index** (not by
 * name, so ImageNet's duplicated names "crane" and "maillot" stay apart). Classes come out by ascending label.
 */
export function perClassActivity(records: readonly { readonly label: number; readonly count: number }[]): ClassActivity[] {
  const acc = new Map<number, { n: number; sum: number }>();
  records.forEach((r, i) => {
    if (!Number.isInteger(r.label)) throw new SaliencyError('SALIENCY_INVALID_INPUT', `perClassActivity: records[${i}].label must be an integer class index (got ${String(r.label)})`);
    if (!Number.isFinite(r.count)) throw new SaliencyError('SALIENCY_INVALID_INPUT', `perClassActivity: records[${i}].count must be finite (got ${String(r.count)})`);
    const a = acc.get(r.label) ?? { n: 0, sum: 0 };
    a.n += 1;
    a.sum += r.count;
    acc.set(r.label, a);
  });
  return [...acc.entries()].sort((x, y) => x[0] - y[0]).map(([label, a]) => ({ label, n: a.n, mean: a.sum / a.n }));
}

/** Result of {@link channelOverlap}. */
export interface ChannelOverlap {
  /** Per class, in order of first appearance: the union of its images' top channels, ascending. */
  readonly unions: readonly { readonly label: number; readonly channels: readonly number[] }[];
  /** Mean Jaccard index over the counted class pairs. */
  readonly meanJaccard: number;
  /** Number of class pairs averaged. */
  readonly pairs: number;
}

/**
 * `ablation/analyze_channel_overlap.py`: per class (ground-truth label), the union `U` of the top-channel sets of its
 * images; then the mean, over all unordered pairs of classes `i < j` (classes in order of first appearance), of the
 * Jaccard index `|U_i ∩ U_j| / |U_i ∪ U_j|`. A pair whose unions are both empty is skipped (the reference's
 * `if all_c1 or all_c2`), so the Jaccard is never 0/0. The mean is `np.mean`'s: numpy's pairwise float64 sum in pair
 * order, divided by the pair count.
 * Throws `SALIENCY_INVALID_INPUT` when no pair can be counted (fewer than two classes, or every union empty), where
 * the reference would return NaN.
 */
export function channelOverlap(records: readonly { readonly label: number; readonly top: readonly number[] }[]): ChannelOverlap {
  const byClass = new Map<number, Set<number>>();
  records.forEach((r, i) => {
    if (!Number.isInteger(r.label)) throw new SaliencyError('SALIENCY_INVALID_INPUT', `channelOverlap: records[${i}].label must be an integer class index (got ${String(r.label)})`);
    const u = byClass.get(r.label) ?? new Set<number>();
    for (const ch of r.top) u.add(ch);
    byClass.set(r.label, u);
  });
  const classes = [...byClass.entries()];
  const jaccard: number[] = [];
  for (let i = 0; i < classes.length; i++) {
    for (let j = i + 1; j < classes.length; j++) {
      const a = classes[i]![1];
      const b = classes[j]![1];
      if (a.size === 0 && b.size === 0) continue;
      let inter = 0;
      for (const ch of a) if (b.has(ch)) inter++;
      jaccard.push(inter / (a.size + b.size - inter));
    }
  }
  const pairs = jaccard.length;
  if (pairs === 0) {
    throw new SaliencyError('SALIENCY_INVALID_INPUT', `channelOverlap: needs at least two classes with a non-empty channel set (got ${classes.length} class(es)); the mean Jaccard over no pairs is undefined`);
  }
  return {
    unions: classes.map(([label, u]) => ({ label, channels: [...u].sort((x, y) => x - y) })),
    meanJaccard: pairwiseSum(jaccard) / pairs,
    pairs,
  };
}
