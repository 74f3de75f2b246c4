import { join } from 'node:path';
import type { StudySummary } from '../analysis/summary.js';
import { canonicalOrder } from '../analysis/rows.js';
import { reportHtml } from '../report/html.js';
import type { ResultRow } from '../run/results-log.js';
import { resultsCsv } from './results-csv.js';
import { tablesMarkdown } from './tables-md.js';
import { writeFileAtomic } from '@saliency/core/node';
import { stableJson } from './write.js';

/** Writes summary.json, tables.md, results.csv and (unless turned off) report.html; returns their paths. */
export async function writeOutputs(outDir: string, summary: StudySummary, rows: readonly ResultRow[], report: boolean): Promise<string[]> {
  const models = summary.models.map((m) => String(m.id));
  const layers = (model: string) => (summary.models.find((m) => m.id === model)!.layers as { name: string }[]).map((l) => l.name);
  const ordered = canonicalOrder(rows.filter((r) => models.includes(r.model)), models, layers);
  const files: [string, string][] = [
    ['summary.json', stableJson(summary)],
    ['tables.md', tablesMarkdown(summary)],
    ['results.csv', resultsCsv(ordered)],
  ];
  if (report) files.push(['report.html', await reportHtml(summary, ordered, outDir)]);
  for (const [name, text] of files) await writeFileAtomic(join(outDir, name), text);
  return files.map(([name]) => join(outDir, name));
}
