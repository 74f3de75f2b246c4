import { activityKde, channelOverlap, perClassActivity } from '@saliency/metrics';
import { describe } from '@saliency/stats';
import type { ResultRow } from '../run/results-log.js';
import { num, type Num } from './num.js';
import { select } from './rows.js';

/** Channel activity of one model's layer (Figs. 5–6 and the overlap analysis). */
export interface ChannelSummary {
  readonly model: string;
  readonly layer: string;
  /** Channels of the layer. */
  readonly channels: number;
  readonly tau: number;
  readonly n: number;
  readonly mean: Num;
  readonly sd: Num;
  readonly median: Num;
  /** The same counts at each further τ. */
  readonly extra: readonly { readonly tau: number; readonly mean: Num; readonly sd: Num }[];
  readonly perClass: readonly { readonly label: number; readonly n: number; readonly mean: number }[];
  /** KDE of the per-class mean counts (seaborn defaults); null with a reason when undefined. */
  readonly kde: { readonly bandwidth: number; readonly grid: readonly number[]; readonly density: readonly number[] } | null;
  readonly kdeReason?: string;
  /** Mean Jaccard index of the classes' top-channel unions (`analyze_channel_overlap.py`). */
  readonly overlap: { readonly meanJaccard: number; readonly pairs: number } | null;
  readonly overlapReason?: string;
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message.replace(/^[a-zA-Z]+: /, '') : String(e));

/** Summarises the `active-channels` rows of one model's layer. */
export function channelSummary(rows: readonly ResultRow[], model: string, layer: string, channels: number, tau: number, extraTaus: readonly number[]): ChannelSummary {
  const rs = select(rows, model, layer, '-', 'active-channels').filter((r) => r.value !== null && r.label !== null);
  const counts = rs.map((r) => r.value!);
  const d = counts.length ? describe(counts) : undefined;
  const records = rs.map((r) => ({ label: r.label!, count: r.value!, top: r.channels ?? [] }));
  let kde: ChannelSummary['kde'] = null;
  let kdeReason: string | undefined;
  let overlap: ChannelSummary['overlap'] = null;
  let overlapReason: string | undefined;
  const perClass = perClassActivity(records);
  try {
    const k = activityKde(records);
    kde = { bandwidth: k.bandwidth, grid: Array.from(k.grid), density: Array.from(k.density) };
  } catch (e) {
    kdeReason = reasonOf(e);
  }
  try {
    const o = channelOverlap(records);
    overlap = { meanJaccard: o.meanJaccard, pairs: o.pairs };
  } catch (e) {
    overlapReason = reasonOf(e);
  }
  const extra = extraTaus.map((t) => {
    const v = rs.flatMap((r) => (typeof r.columns?.[`active@${t}`] === 'number' ? [r.columns[`active@${t}`] as number] : []));
    const dd = v.length ? describe(v) : undefined;
    return { tau: t, mean: num(dd?.mean), sd: num(dd?.sd) };
  });
  return {
    model, layer, channels, tau, n: counts.length, mean: num(d?.mean), sd: num(d?.sd), median: num(d?.median), extra, perClass, kde,
    ...(kdeReason ? { kdeReason } : {}), overlap, ...(overlapReason ? { overlapReason } : {}),
  };
}
