import type { ResultRow } from '../run/results-log.js';

const FIXED = ['model', 'layer', 'image', 'index', 'label', 'method', 'measure', 'target', 'other', 'contrasts', 'value'] as const;

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join(' ') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * results.jsonl as one CSV table (rows in canonical order): the fixed columns, then every metric column that
 * occurs (sorted), then the active channel ids (space-separated). An empty cell is a missing value.
 */
export function resultsCsv(rows: readonly ResultRow[]): string {
  const extra = [...new Set(rows.flatMap((r) => Object.keys(r.columns ?? {})))].sort();
  const header = [...FIXED, ...extra, 'channels'];
  const lines = rows.map((r) => [...FIXED.map((k) => cell(r[k])), ...extra.map((k) => cell(r.columns?.[k])), cell(r.channels)].join(','));
  return [header.join(','), ...lines].join('\n') + '\n';
}
