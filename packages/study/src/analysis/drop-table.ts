import { describe, holm, ttestRel } from '@saliency/stats';
import type { StudySettings } from '../config/settings.js';
import type { ResultRow } from '../run/results-log.js';
import { num, roundTo, type Num } from './num.js';
import { select } from './rows.js';

/** Reference method minus this method, paired by image (the paper's H1: the reference drops confidence more). */
export interface PairedComparison {
  readonly n: number;
  readonly meanDifference: Num;
  readonly t: Num;
  readonly df: number;
  readonly pTwoSided: Num;
  readonly pTwoSidedAdjusted: Num;
  /** H1: mean(reference − method) > 0. */
  readonly pOneSided: Num;
  readonly pOneSidedAdjusted: Num;
  /** Cohen's d_z of the differences. */
  readonly dz: Num;
  readonly ci: { readonly level: number; readonly low: Num; readonly high: Num };
  readonly reason?: string;
}

export interface DropCell {
  readonly model: string;
  readonly method: string;
  readonly n: number;
  /** Average Drop `max(p0 − p1, 0)/p0` (the headline). */
  readonly mean: Num;
  readonly sd: Num;
  /** The raw drop `p0 − p1` (the paper's wording). */
  readonly rawMean: Num;
  readonly rawSd: Num;
  readonly vsReference: PairedComparison | null;
  readonly reason?: string;
}

export interface DropTable {
  readonly id: 'table-3';
  readonly title: string;
  readonly reference: string;
  readonly correction: string;
  readonly models: readonly string[];
  readonly methods: readonly string[];
  readonly cells: readonly DropCell[];
}

const stats = (v: number[]) => (v.length ? describe(v) : undefined);

function compare(ref: Map<string, number>, other: Map<string, number>, st: StudySettings['statistics']): Omit<PairedComparison, 'pTwoSidedAdjusted' | 'pOneSidedAdjusted'> {
  const ids = [...ref.keys()].filter((k) => other.has(k));
  const a = ids.map((k) => ref.get(k)!);
  const b = ids.map((k) => other.get(k)!);
  const empty = { n: ids.length, meanDifference: null, t: null, df: Math.max(ids.length - 1, 0), pTwoSided: null, pOneSided: null, dz: null, ci: { level: st.confidenceLevel, low: null, high: null } };
  if (ids.length < 2) return { ...empty, reason: `${ids.length} paired image(s); a paired t-test needs 2` };
  const two = ttestRel(a, b, { alternative: 'two-sided', confidenceLevel: st.confidenceLevel });
  const one = ttestRel(a, b, { alternative: 'greater', confidenceLevel: st.confidenceLevel });
  return {
    n: ids.length, meanDifference: num(two.estimate), t: num(two.statistic), df: two.df, pTwoSided: num(two.pvalue), pOneSided: num(one.pvalue), dz: num(two.cohensDz),
    ci: { level: st.confidenceLevel, low: num(two.confidenceInterval.low), high: num(two.confidenceInterval.high) },
    ...(two.reason ? { reason: two.reason } : {}),
  };
}

/**
 * Table III: per method × model, mean ± SD of the confidence drop and the paired t-test of the reference method
 * (CASE) against each other method on the same images, both two-sided (as the authors' code) and one-sided (the
 * paper's H1), each Holm-corrected across the model's methods, with d_z and a confidence interval.
 */
export function dropTable(rows: readonly ResultRow[], models: readonly { model: string; layer: string }[], methods: readonly string[], reference: string, st: StudySettings['statistics']): DropTable {
  const cells: DropCell[] = [];
  const round = (v: number) => (st.roundBeforeTests ? roundTo(v, 6) : v);
  for (const { model, layer } of models) {
    const byMethod = new Map(methods.map((m) => [m, select(rows, model, layer, m, 'confidence-drop').filter((r) => r.value !== null)]));
    const asMap = (m: string) => new Map(byMethod.get(m)!.map((r) => [r.image, round(r.value!)]));
    const ref = asMap(reference);
    const raw = methods.map((m) => {
      const rs = byMethod.get(m)!;
      const d = stats(rs.map((r) => r.value!));
      const rawDrop = stats(rs.flatMap((r) => (typeof r.columns?.rawDrop === 'number' ? [r.columns.rawDrop] : [])));
      return {
        model, method: m, n: rs.length, mean: num(d?.mean), sd: num(d?.sd), rawMean: num(rawDrop?.mean), rawSd: num(rawDrop?.sd),
        cmp: m === reference ? null : compare(ref, asMap(m), st),
        ...(rs.length ? {} : { reason: 'no correctly classified images' }),
      };
    });
    const adjust = (ps: Num[]) => (st.correction === 'holm' ? Array.from(holm(ps.map((p) => p ?? NaN))) : ps.map((p) => p ?? NaN));
    const two = adjust(raw.map((r) => r.cmp?.pTwoSided ?? null));
    const one = adjust(raw.map((r) => r.cmp?.pOneSided ?? null));
    raw.forEach(({ cmp, ...r }, i) => cells.push({ ...r, vsReference: cmp ? { ...cmp, pTwoSidedAdjusted: num(two[i]), pOneSidedAdjusted: num(one[i]) } : null }));
  }
  return {
    id: 'table-3',
    title: 'Table III: confidence drop (Average Drop) and paired t-tests against the reference',
    reference,
    correction: st.correction,
    models: models.map((m) => m.model),
    methods,
    cells,
  };
}
