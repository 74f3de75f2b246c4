import type { BenchResult } from './run.js';

/** One acceptance check of issue 7, from rows measured in the same run. */
export interface Ratio {
  readonly model: string;
  readonly batch: number;
  readonly name: string;
  readonly value: number;
  /** The same ratio of the fastest runs (min / min): less sensitive to a loaded machine's slow runs. */
  readonly valueOfMins: number;
  /** The bound (value must be ≤ it), or null for a ratio reported for information. */
  readonly limit: number | null;
  readonly pass: boolean | null;
  readonly note?: string;
}

const RSS_LIMIT_MB = 3 * 1024;

/**
 * The ratios (of medians, judged; of minima, for information) for every (model, batch) that has the rows: CASE (k=3) / Grad-CAM ≤ 1.3,
 * Ablation-CAM / Grad-CAM ≤ 3, Grad-CAM / body forward ≤ 1.5, RQ1 workload / body forward ≤ 4, Score-CAM / its
 * forward passes (batch × ⌈channels / B⌉ forward passes of a chunk of B) ≤ 1.2, Score-CAM peak RSS < 3 GB.
 */
export function acceptanceRatios(results: readonly BenchResult[]): Ratio[] {
  const out: Ratio[] = [];
  const groups = new Map<string, BenchResult[]>();
  for (const r of results) {
    if (r.method === 'forward-chunk') continue;
    const key = `${r.model}\u0000${r.batch}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const rows of groups.values()) {
    const { model, batch } = rows[0]!;
    const find = (method: string, k?: number): BenchResult | undefined => rows.find((r) => r.method === method && (k === undefined || r.k === k));
    const add = (name: string, num: BenchResult | undefined, den: BenchResult | undefined, limit: number | null, scale = 1, note?: string): void => {
      if (!num || !den) return;
      const value = num.medianMs / (den.medianMs * scale);
      const valueOfMins = num.minMs / (den.minMs * scale);
      out.push({ model, batch, name, value, valueOfMins, limit, pass: limit === null ? null : value <= limit, ...(note ? { note } : {}) });
    };
    const gradCam = find('cam/grad-cam');
    const body = find('body-forward');
    add('CASE (k=3) / Grad-CAM', find('case/case', 3), gradCam, 1.3);
    add('Ablation-CAM / Grad-CAM', find('cam/ablation-cam'), gradCam, 3);
    add('Grad-CAM / body forward', gradCam, body, 1.5);
    add('RQ1 workload (5 methods × top-1/top-2 + agreement) / body forward', find('workload-rq1'), body, 4);
    add('RQ1+RQ2 workload (+ confidence drop) / body forward', find('workload-rq1-rq2'), body, null);
    const score = find('cam/score-cam');
    if (score) {
      const i = results.indexOf(score);
      const fwd = results.slice(0, i).reverse().find((r) => r.method === 'forward-chunk' && r.model === model);
      const passes = fwd ? batch * Math.ceil(score.channels! / fwd.batch) : 0;
      const part = score.partial ? `partial: ${score.channels} of ${score.channelsTotal} channels` : `all ${score.channelsTotal} channels`;
      add(`Score-CAM / ${passes} forward passes of batch ${fwd?.batch}`, score, fwd, 1.2, passes, part);
      const rss = score.peakRssMB;
      out.push({ model, batch, name: 'Score-CAM peak RSS (MB)', value: rss, valueOfMins: rss, limit: RSS_LIMIT_MB, pass: rss < RSS_LIMIT_MB, note: part });
    }
  }
  return out;
}
