import type { AgreementTable } from '../analysis/agreement-table.js';
import type { StudySummary } from '../analysis/summary.js';
import { agreementText, dropText, groundTruthText, type CellText } from './cells.js';
import { fmt, meanSd } from './format.js';

const esc = (s: string) => s.replace(/\|/g, '\\|');
const row = (cells: readonly string[]) => `| ${cells.map(esc).join(' | ')} |`;
const table = (header: readonly string[], rows: readonly (readonly string[])[]) => [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
const show = (t: CellText) => `${t.marked ? '**' : ''}${t.main}${t.marked ? '** ✱' : ''}<br>${t.detail}`;

function agreementMd(t: AgreementTable): string {
  const corrected = t.correction !== 'none';
  const header = ['method', ...t.columns.map((c) => `${c.model} (${c.layer})`)];
  const rows = t.methods.map((m) => [m, ...t.columns.map((c) => show(agreementText(t.cells.find((x) => x.model === c.model && x.layer === c.layer && x.method === m)!, corrected)))]);
  return `## ${t.title}\n\n${t.hypothesis}; p ${corrected ? `${t.correction}-corrected across each model's methods` : 'uncorrected'}; ✱ = H0 rejected at α = ${t.alpha}.\n\n${table(header, rows)}\n`;
}

/** tables.md: every table of the summary as GitHub-flavoured Markdown, with the settings in force. */
export function tablesMarkdown(s: StudySummary): string {
  const out: string[] = [`# Study ${s.study.name}${s.study.description ? `: ${s.study.description}` : ''}`, ''];
  const st = s.settings as { statistics: Record<string, unknown>; parity: string };
  out.push(`Seed ${s.seed}, backend ${s.backends.join(', ')}, parity \`${st.parity}\`, statistics \`${JSON.stringify(st.statistics)}\`.`, '');
  out.push(table(['model', 'layers', 'images (selected / requested)', 'examined', 'correct', 'contrast matrix'], s.models.map((m) => {
    const sample = m.sample as Record<string, number>;
    const cm = m.contrastMatrix as { source: string; images: number | null };
    return [String(m.id), (m.layers as { name: string }[]).map((l) => l.name).join(', '), `${sample.selected} / ${sample.requested}`, String(sample.examined), String(sample.correct), `${cm.source}${cm.images === null ? '' : ` (${cm.images} images)`}`];
  })), '');
  const { tableI, tableII, tableIII, channels, groundTruth } = s.tables;
  if (tableI) out.push(agreementMd(tableI));
  if (tableII) out.push(agreementMd(tableII));
  if (tableIII) {
    const t = tableIII;
    const header = ['method', ...t.models];
    const rows = t.methods.map((m) => [m, ...t.models.map((model) => show(dropText(t.cells.find((c) => c.model === model && c.method === m)!, t.reference)))]);
    out.push(`## ${t.title}\n\nMean ± SD of the Average Drop max(p0 − p1, 0)/p0; paired t-tests of ${t.reference} against each method on the same images (one-sided H1: ${t.reference} drops more), p ${t.correction}-corrected; ✱ = two-sided p < 0.05.\n\n${table(header, rows)}\n`);
  }
  if (channels.length) {
    const header = ['model', 'layer', 'channels', 'τ', 'images', 'active channels (mean ± SD)', 'median', ...channels[0]!.extra.map((e) => `at τ = ${e.tau}`), 'classes', 'KDE bandwidth', 'top-channel overlap (mean Jaccard)'];
    const rows = channels.map((c) => [
      c.model, c.layer, String(c.channels), String(c.tau), String(c.n), meanSd(c.mean, c.sd, 2), fmt(c.median, 1, 'no images'),
      ...c.extra.map((e) => meanSd(e.mean, e.sd, 2)), String(c.perClass.length), c.kde ? c.kde.bandwidth.toFixed(3) : `n/a (${c.kdeReason})`,
      c.overlap ? `${c.overlap.meanJaccard.toFixed(3)} (${c.overlap.pairs} pairs)` : `n/a (${c.overlapReason})`,
    ]);
    out.push(`## Channel activity (Figs. 5–6)\n\nChannels whose spatial mean exceeds τ, per correctly classified image.\n\n${table(header, rows)}\n`);
  }
  if (groundTruth) {
    const g = groundTruth;
    const models = [...new Set(g.cells.map((c) => c.model))];
    const methods = [...new Set(g.cells.map((c) => c.method))];
    const rows = methods.map((m) => [m, ...models.map((model) => show(groundTruthText(g.cells.find((c) => c.model === model && c.method === m)!, g.reference)))]);
    out.push(`## ${g.title}\n\nScore direction: ${g.direction}; paired t-test of ${g.reference} against each method, Holm-corrected.\n\n${table(['method', ...models], rows)}\n`);
  }
  return out.join('\n');
}
