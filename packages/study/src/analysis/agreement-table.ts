import { describe, holm, wilcoxon } from '@saliency/stats';
import type { StudySettings } from '../config/settings.js';
import type { ResultRow } from '../run/results-log.js';
import { medianCi } from './median-ci.js';
import { num, roundTo, type Num } from './num.js';
import { finiteValues, select } from './rows.js';

/** One cell of Table I/II: one method on one model's layer. */
export interface AgreementCell {
  readonly model: string;
  readonly layer: string;
  readonly method: string;
  readonly n: number;
  readonly missing: number;
  readonly mean: Num;
  readonly sd: Num;
  readonly median: Num;
  readonly medianCi: { readonly level: number; readonly low: Num; readonly high: Num; readonly reason?: string };
  /** Wilcoxon signed-rank on `agreement − threshold`: W⁺, p, Holm-adjusted p across the model's methods. */
  readonly statistic: Num;
  readonly p: Num;
  readonly pAdjusted: Num;
  /** `pAdjusted < alpha`: H0 (median agreement ≥ threshold) rejected. Null when there is no p. */
  readonly significant: boolean | null;
  /** Matched-pairs rank-biserial correlation of `agreement − threshold` (−1: every image below the threshold). */
  readonly rankBiserial: Num;
  readonly test: 'exact' | 'approx' | null;
  readonly reason?: string;
  readonly warnings: readonly string[];
}

export interface AgreementTable {
  readonly id: 'table-1' | 'table-2';
  readonly title: string;
  readonly hypothesis: string;
  readonly threshold: number;
  readonly alternative: string;
  readonly correction: string;
  readonly alpha: number;
  readonly columns: readonly { readonly model: string; readonly layer: string }[];
  readonly methods: readonly string[];
  readonly cells: readonly AgreementCell[];
}

function cell(rows: readonly ResultRow[], model: string, layer: string, method: string, st: StudySettings['statistics']): Omit<AgreementCell, 'pAdjusted' | 'significant'> {
  const { values: raw, missing } = finiteValues(select(rows, model, layer, method, 'agreement'));
  // Parity: the reference wrote agreement with %.2f and tested the values read back.
  const values = st.roundBeforeTests ? raw.map((v) => roundTo(v, 2)) : raw;
  const base = { model, layer, method, n: values.length, missing };
  if (!values.length) {
    return { ...base, mean: null, sd: null, median: null, medianCi: { level: st.confidenceLevel, low: null, high: null }, statistic: null, p: null, rankBiserial: null, test: null, reason: 'no images', warnings: [] };
  }
  const d = describe(values);
  const w = wilcoxon(values.map((v) => v - st.threshold), { alternative: st.alternative });
  const reason = w.reason ?? (Number.isNaN(w.pvalue) ? w.error ?? 'the test is undefined for these values' : undefined);
  return {
    ...base,
    mean: num(d.mean),
    sd: num(d.sd),
    median: num(d.median),
    medianCi: medianCi(values, st.confidenceLevel),
    statistic: num(w.statistic),
    p: num(w.pvalue),
    rankBiserial: num(w.rankBiserial),
    test: w.effectiveMethod,
    ...(reason ? { reason } : {}),
    warnings: w.warnings,
  };
}

/**
 * Table I (first layer of each model) or Table II (second layer): per method × model, the one-sample Wilcoxon
 * signed-rank test of H0 "median agreement ≥ threshold" (ALGORITHMS.md §3.5, scipy defaults), with the Holm
 * correction across the methods of each model (one family per model, as each model is one experiment).
 */
export function agreementTable(id: AgreementTable['id'], rows: readonly ResultRow[], columns: AgreementTable['columns'], methods: readonly string[], st: StudySettings['statistics']): AgreementTable {
  const cells: AgreementCell[] = [];
  for (const c of columns) {
    const raw = methods.map((m) => cell(rows, c.model, c.layer, m, st));
    const adjusted = st.correction === 'holm' ? Array.from(holm(raw.map((r) => r.p ?? NaN))) : raw.map((r) => r.p ?? NaN);
    raw.forEach((r, i) => {
      const pAdjusted = num(adjusted[i]);
      cells.push({ ...r, pAdjusted, significant: pAdjusted === null ? null : pAdjusted < st.alpha });
    });
  }
  const sense = st.alternative === 'less' ? '≥' : st.alternative === 'greater' ? '≤' : '=';
  return {
    id,
    title: id === 'table-1' ? 'Table I: class sensitivity (agreement of top-1 and top-2 maps)' : 'Table II: class sensitivity at the second layer',
    hypothesis: `H0: median agreement ${sense} ${st.threshold}% (Wilcoxon signed-rank, alternative "${st.alternative}")`,
    threshold: st.threshold,
    alternative: st.alternative,
    correction: st.correction,
    alpha: st.alpha,
    columns,
    methods,
    cells,
  };
}
