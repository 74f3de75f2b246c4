import type { AgreementTable } from '../analysis/agreement-table.js';
import type { StudySummary } from '../analysis/summary.js';
import { agreementText, dropText, groundTruthText, type CellText } from '../output/cells.js';
import { fmt, meanSd } from '../output/format.js';
import { stableJson } from '../output/write.js';
import type { ResultRow } from '../run/results-log.js';
import { gridFigures } from './grid-html.js';
import { reportPlots } from './plots.js';
import { renderSvg } from './render-svg.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const td = (t: CellText) => `<td class="${t.marked ? 'sig' : ''}"><b>${esc(t.main)}</b>${t.marked ? ' ✱' : ''}<br><small>${esc(t.detail)}</small></td>`;
const section = (id: string, title: string, intro: string, body: string) => `<section id="${id}"><h2>${esc(title)}</h2><p>${esc(intro)}</p>${body}</section>`;
const htmlTable = (head: readonly string[], rows: readonly string[]) => `<table class="stat"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;

function agreementHtml(t: AgreementTable): string {
  const corrected = t.correction !== 'none';
  const rows = t.methods.map((m) => `<tr><th>${esc(m)}</th>${t.columns.map((c) => td(agreementText(t.cells.find((x) => x.model === c.model && x.layer === c.layer && x.method === m)!, corrected))).join('')}</tr>`);
  const intro = `${t.hypothesis}; p ${corrected ? `${t.correction}-corrected across each model's methods` : 'uncorrected'}. ✱ and shading: H0 rejected at α = ${t.alpha}. r: matched-pairs rank-biserial correlation; interval: distribution-free CI of the median.`;
  return section(t.id, t.title, intro, htmlTable(['method', ...t.columns.map((c) => `${c.model} (${c.layer})`)], rows));
}

function tablesHtml(s: StudySummary): { html: string[]; ids: string[] } {
  const html: string[] = [];
  const { tableI, tableII, tableIII, channels, groundTruth } = s.tables;
  if (tableI) html.push(agreementHtml(tableI));
  if (tableII) html.push(agreementHtml(tableII));
  if (tableIII) {
    const t = tableIII;
    const rows = t.methods.map((m) => `<tr><th>${esc(m)}</th>${t.models.map((model) => td(dropText(t.cells.find((c) => c.model === model && c.method === m)!, t.reference))).join('')}</tr>`);
    html.push(section('table-3', t.title, `Mean ± SD of the Average Drop max(p0 − p1, 0)/p0 over correctly classified images; paired t-tests of ${t.reference} against each method on the same images, two-sided and one-sided (H1: ${t.reference} drops more), ${t.correction}-corrected; Δ = mean(${t.reference} − method) with its CI; ✱: two-sided p < 0.05.`, htmlTable(['method', ...t.models], rows)));
  }
  if (channels.length) {
    const rows = channels.map((c) => `<tr><th>${esc(c.model)}</th><td>${esc(c.layer)}</td><td>${c.channels}</td><td>${c.tau}</td><td>${c.n}</td><td>${esc(meanSd(c.mean, c.sd, 2))}</td>${c.extra.map((e) => `<td>${esc(meanSd(e.mean, e.sd, 2))}</td>`).join('')}<td>${c.perClass.length}</td><td>${esc(c.kde ? c.kde.bandwidth.toFixed(3) : `n/a (${c.kdeReason})`)}</td><td>${esc(c.overlap ? `${fmt(c.overlap.meanJaccard, 3)} (${c.overlap.pairs} pairs)` : `n/a (${c.overlapReason})`)}</td></tr>`);
    const head = ['model', 'layer', 'channels', 'τ', 'images', 'active (mean ± SD)', ...channels[0]!.extra.map((e) => `at τ = ${e.tau}`), 'classes', 'KDE bandwidth', 'top-10 overlap (Jaccard)'];
    html.push(section('table-channels', 'Channel activity (Figs. 5–6)', 'Channels whose spatial mean at the layer exceeds τ, per correctly classified image; per-class means feed the KDE figure.', htmlTable(head, rows)));
  }
  if (groundTruth) {
    const g = groundTruth;
    const models = [...new Set(g.cells.map((c) => c.model))];
    const methods = [...new Set(g.cells.map((c) => c.method))];
    const rows = methods.map((m) => `<tr><th>${esc(m)}</th>${models.map((model) => td(groundTruthText(g.cells.find((c) => c.model === model && c.method === m)!, g.reference))).join('')}</tr>`);
    html.push(section(g.id, g.title, `Higher is ${g.direction === 'lower' ? 'worse' : 'better'} (${g.direction}); paired t-tests of ${g.reference} against each method, Holm-corrected.`, htmlTable(['method', ...models], rows)));
  }
  const ids = [tableI && 'table-1', tableII && 'table-2', tableIII && 'table-3', channels.length ? 'table-channels' : null, groundTruth && 'table-ground-truth'].filter((x): x is string => !!x);
  return { html, ids };
}

/** The models and their samples, as in tables.md. */
function modelsHtml(s: StudySummary): string {
  const rows = s.models.map((m) => {
    const sample = m.sample as Record<string, number>;
    const layers = (m.layers as { name: string; shape: number[] | null }[]).map((l) => `${l.name}${l.shape ? ` [${l.shape.join('×')}]` : ''}`).join(', ');
    const cm = m.contrastMatrix as { source: string; images: number | null };
    const matrix = `${cm.source}${cm.images === null ? '' : ` (${cm.images} images)`}`;
    const cells = [layers, String(m.backend), `${sample.selected} / ${sample.requested}`, String(sample.examined), String(sample.correct), matrix, m.accuracy === null ? 'n/a (not recorded)' : String(m.accuracy)];
    return `<tr><th>${esc(String(m.id))}</th>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
  });
  return section('models', 'Models and samples', 'Images are drawn from one seeded permutation of the dataset, after the calibration split; the same images serve every method. The contrast matrix is the confusion matrix (rows = true class) CASE\'s contrasts are read from.', htmlTable(['model', 'layers', 'backend', 'images (selected / requested)', 'examined', 'correct', 'contrast matrix', 'recorded accuracy'], rows));
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}table.stat{border-collapse:collapse;margin:1em 0}
table.stat td,table.stat th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}td.sig{background:#fde8c8}
small{color:#555}figure{margin:2em 0}figcaption{color:#444;max-width:900px}table.grid img,img.original{width:96px;height:96px;image-rendering:pixelated}
table.grid td,table.grid th{padding:2px 6px;text-align:left;font-weight:normal}.grid-image{display:inline-block;vertical-align:top;margin:0 2em 1em 0}
pre{background:#f6f6f6;padding:1em;overflow:auto;max-height:30em}.na{color:#888}`;

/** The self-contained report: tables, inline SVG plots (vega-lite, rendered headlessly), image grids as data: URIs. */
export async function reportHtml(s: StudySummary, rows: readonly ResultRow[], outDir: string): Promise<string> {
  const tables = tablesHtml(s);
  const plots = reportPlots(s, rows);
  const figures = await Promise.all(plots.map(async (p) => `<figure id="${p.id}">${await renderSvg(p.spec)}<figcaption>${esc(p.caption)}</figcaption></figure>`));
  const st = s.settings as { outputs: { gridImages: number }; agreement: false | { kPercent: number } };
  const grids = await gridFigures(s, rows, outDir, st.outputs.gridImages, st.agreement ? st.agreement.kPercent : 5);
  const gridIds = grids.map((g) => /id="([^"]+)"/.exec(g)![1]!);
  const manifest = { tables: tables.ids, figures: [...plots.map((p) => p.id), ...gridIds] };
  const { run: _run, ...settled } = s;
  const nav = [...tables.ids, ...manifest.figures].map((id) => `<a href="#${id}">${esc(id)}</a>`).join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Study ${esc(s.study.name)}</title><style>${STYLE}</style></head><body>
<h1>Study ${esc(s.study.name)}</h1>
<p>${esc(s.study.description ?? '')} Seed ${s.seed}; backend ${esc(s.backends.join(', '))}; parity <code>${esc(s.study.parity)}</code>; ${s.results.rows} per-image results.</p>
<nav>${nav}</nav>
${modelsHtml(s)}
${tables.html.join('\n')}
${figures.join('\n')}
${grids.join('\n')}
<section id="settings"><h2>Settings in force, models and versions</h2><pre>${esc(stableJson({ settings: settled.settings, models: settled.models, dataset: settled.dataset, versions: settled.versions }))}</pre></section>
<script type="application/json" id="report-manifest">${stableJson(manifest, 0).trim()}</script>
</body></html>
`;
}
