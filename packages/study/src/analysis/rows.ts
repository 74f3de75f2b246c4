import type { ResultRow } from '../run/results-log.js';

/** The rows of one (model, layer, method, measure), ordered by sample position. */
export function select(rows: readonly ResultRow[], model: string, layer: string, method: string, measure: string): ResultRow[] {
  return rows.filter((r) => r.model === model && r.layer === layer && r.method === method && r.measure === measure).sort((a, b) => a.index - b.index);
}

/** Finite values of rows (a null value, i.e. a metric that gave NaN, is counted as missing). */
export function finiteValues(rows: readonly ResultRow[]): { values: number[]; missing: number } {
  const values = rows.flatMap((r) => (r.value !== null && Number.isFinite(r.value) ? [r.value] : []));
  return { values, missing: rows.length - values.length };
}

/**
 * Sorts rows canonically: by model and layer in config order, then method, measure and sample position. The
 * summary is computed from rows in this order, so a resumed run (whose file order differs) summarises identically.
 */
export function canonicalOrder(rows: readonly ResultRow[], models: readonly string[], layers: (model: string) => readonly string[]): ResultRow[] {
  const mi = (m: string) => models.indexOf(m);
  return [...rows].sort(
    (a, b) =>
      mi(a.model) - mi(b.model) ||
      layers(a.model).indexOf(a.layer) - layers(b.model).indexOf(b.layer) ||
      (a.method < b.method ? -1 : a.method > b.method ? 1 : 0) ||
      (a.measure < b.measure ? -1 : a.measure > b.measure ? 1 : 0) ||
      a.index - b.index,
  );
}
