import { describe, holm, ttestRel } from '@saliency/stats';
import type { StudySettings } from '../config/settings.js';
import type { ResultRow } from '../run/results-log.js';
import { num, type Num } from './num.js';
import { select } from './rows.js';

export interface GroundTruthCell {
  readonly model: string;
  readonly method: string;
  readonly n: number;
  readonly mean: Num;
  readonly sd: Num;
  /** Mean of each further per-image column the metric reports (e.g. shared-region and outside fractions). */
  readonly columns: Readonly<Record<string, Num>>;
  /** Paired t-test reference − method on the headline score, H1 in the metric's better direction, Holm-adjusted. */
  readonly vsReference: { readonly n: number; readonly meanDifference: Num; readonly p: Num; readonly pAdjusted: Num; readonly dz: Num; readonly reason?: string } | null;
}

export interface GroundTruthTable {
  readonly id: 'table-ground-truth';
  readonly title: string;
  readonly metric: string;
  readonly direction: 'higher' | 'lower' | 'neutral';
  readonly reference: string;
  readonly cells: readonly GroundTruthCell[];
}

/**
 * The ground-truth table (the zoo's `metrics/unique-evidence`, or any metric given): per method × model, the mean
 * score and column means on correctly classified images, and the paired test of the reference method against each
 * other method, one-sided in the direction the metric calls better.
 */
export function groundTruthTable(
  rows: readonly ResultRow[], models: readonly { model: string; layer: string }[], methods: readonly string[], reference: string, metric: string,
  direction: GroundTruthTable['direction'], st: StudySettings['statistics'], contrast: 'selector' | 'designed',
): GroundTruthTable {
  const cells: GroundTruthCell[] = [];
  const alternative = direction === 'lower' ? 'less' : direction === 'higher' ? 'greater' : 'two-sided';
  for (const { model, layer } of models) {
    const by = new Map(methods.map((m) => [m, select(rows, model, layer, m, 'ground-truth').filter((r) => r.value !== null)]));
    const ref = new Map(by.get(reference)!.map((r) => [r.image, r.value!]));
    const raw = methods.map((m) => {
      const rs = by.get(m)!;
      const d = rs.length ? describe(rs.map((r) => r.value!)) : undefined;
      // Class ids (the contrast column) are labels, not quantities: no mean of them.
      const names = [...new Set(rs.flatMap((r) => Object.keys(r.columns ?? {})))].filter((c) => c !== 'contrast').sort();
      const columns = Object.fromEntries(names.map((c) => {
        const v = rs.flatMap((r) => (typeof r.columns?.[c] === 'number' ? [r.columns[c] as number] : []));
        return [c, v.length ? num(describe(v).mean) : null];
      }));
      let cmp: GroundTruthCell['vsReference'] = null;
      if (m !== reference) {
        const pairs = rs.filter((r) => ref.has(r.image));
        if (pairs.length < 2) cmp = { n: pairs.length, meanDifference: null, p: null, pAdjusted: null, dz: null, reason: `${pairs.length} paired image(s); a paired t-test needs 2` };
        else {
          const t = ttestRel(pairs.map((r) => ref.get(r.image)!), pairs.map((r) => r.value!), { alternative, confidenceLevel: st.confidenceLevel });
          cmp = { n: pairs.length, meanDifference: num(t.estimate), p: num(t.pvalue), pAdjusted: null, dz: num(t.cohensDz), ...(t.reason ? { reason: t.reason } : {}) };
        }
      }
      return { model, method: m, n: rs.length, mean: num(d?.mean), sd: num(d?.sd), columns, vsReference: cmp };
    });
    const ps = raw.map((r) => r.vsReference?.p ?? NaN);
    const adj = st.correction === 'holm' ? Array.from(holm(ps)) : ps;
    raw.forEach((r, i) => cells.push({ ...r, vsReference: r.vsReference ? { ...r.vsReference, pAdjusted: num(adj[i]) } : null }));
  }
  const against = contrast === 'designed' ? "the class's designed confuser" : 'the contrast class from the selector';
  return { id: 'table-ground-truth', title: `Ground truth: ${metric} (maps of the predicted class against ${against})`, metric, direction, reference, cells };
}
