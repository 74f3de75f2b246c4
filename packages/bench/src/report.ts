import type { Ratio } from './ratios.js';
import type { BenchResult } from './run.js';

const fmt = (v: number | null | undefined, digits = 0): string => (v === null || v === undefined ? '-' : v.toFixed(digits));

/** The method column: CASE with its k, Score-CAM with its channel count when partial. */
export function caseLabel(r: BenchResult): string {
  if (r.k !== undefined && r.method === 'case/case') return `${r.method} k=${r.k}`;
  if (r.partial) return `${r.method} (PARTIAL ${r.channels}/${r.channelsTotal} ch)`;
  return r.method;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Results with each row's multiple of the body forward pass of the same model and batch. */
export function resultsTable(results: readonly BenchResult[]): string {
  const body = (r: BenchResult): BenchResult | undefined => results.find((b) => b.method === 'body-forward' && b.model === r.model && b.batch === r.batch);
  const rows = results.map((r) => {
    const b = r.method === 'forward-chunk' ? undefined : body(r);
    const times = [fmt(r.medianMs), fmt(r.minMs), fmt(r.maxMs), String(r.runs), fmt(r.medianMs / r.batch)];
    return [r.model, caseLabel(r), String(r.batch), ...times, b ? fmt(r.medianMs / b.medianMs, 2) : '-', fmt(r.peakRssMB), fmt(r.peakTfMB)];
  });
  const header = ['model', 'method', 'batch', 'median ms', 'min', 'max', 'runs', 'ms/image', '× body', 'peak RSS MB', 'peak tf MB'];
  return table(header, rows);
}

export function ratiosTable(ratios: readonly Ratio[]): string {
  const rows = ratios.map((r) => {
    const digits = r.limit !== null && r.limit > 100 ? 0 : 2;
    const limit = r.limit === null ? '-' : `${r.name.includes('RSS') ? '<' : '≤'} ${r.limit}`;
    return [r.model, r.name, String(r.batch), fmt(r.value, digits), fmt(r.valueOfMins, digits), limit, r.pass === null ? '' : r.pass ? 'PASS' : 'FAIL', r.note ?? ''];
  });
  return table(['model', 'ratio', 'batch', 'of medians', 'of minima', 'limit', '', 'note'], rows);
}
