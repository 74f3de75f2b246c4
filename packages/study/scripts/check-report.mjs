#!/usr/bin/env node
// Opens a study's report.html in headless Chromium and checks that every table and figure is there and rendered:
// tables have rows, plots are SVGs with marks, grid images decoded. The expected ids come from summary.json (next
// to the report), not from the report itself, so a figure the report forgot is caught.
//
//   node packages/study/scripts/check-report.mjs runs/<study>/report.html [--screenshot /tmp/report-shot.png]
//
// Chromium: the Debian package (`apt-get install chromium`), or CHROMIUM=/path/to/chrome. Exit status 0 = all present.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const report = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--screenshot');
const shot = args.includes('--screenshot') ? args[args.indexOf('--screenshot') + 1] : undefined;
if (!report || !existsSync(report)) {
  console.error(`usage: check-report.mjs <report.html> [--screenshot out.png] (${report ?? 'no report'} not found)`);
  process.exit(2);
}
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const profile = mkdtempSync(join(tmpdir(), 'report-check-'));
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`];

/** The ids summary.json says the report must have. */
function expectedIds(summary) {
  const slug = (s) => String(s).replace(/[^A-Za-z0-9_-]/g, '_');
  const t = summary.tables;
  const ids = [];
  if (t.tableI) ids.push('table-1');
  if (t.tableII) ids.push('table-2');
  if (t.tableIII) ids.push('table-3', 'fig-drop-bar', 'fig-drop-cdf');
  if (t.channels.length) ids.push('table-channels', 'fig-channels-kde');
  if (t.groundTruth) ids.push('table-ground-truth', 'fig-ground-truth');
  for (const m of summary.models) {
    if (t.tableI) m.layers.forEach((_, j) => ids.push(`fig-agreement-${slug(m.id)}-${j}`));
    if (summary.settings.outputs.gridImages > 0 && m.sample.selected > 0) ids.push(`fig-grid-${slug(m.id)}`);
  }
  return ids;
}

// Runs in the page after load: what each id holds, whether every image decoded, and the page height.
const probe = `<script>
window.addEventListener('load', () => {
  const out = { ids: {}, brokenImages: 0, images: 0, height: document.documentElement.scrollHeight, nan: /\\bNaN\\b/.test(document.body.innerText) };
  for (const el of document.querySelectorAll('section[id], figure[id]')) {
    out.ids[el.id] = { rows: el.querySelectorAll('table.stat tbody tr').length, svgMarks: el.querySelectorAll('svg .marks, svg path, svg rect').length, images: el.querySelectorAll('img').length };
  }
  for (const img of document.images) { out.images++; if (!img.complete || img.naturalWidth === 0) out.brokenImages++; }
  const pre = document.createElement('pre'); pre.id = 'report-check'; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
});
</script>`;

const summary = JSON.parse(readFileSync(join(dirname(resolve(report)), 'summary.json'), 'utf8'));
const copy = join(profile, 'report-probe.html');
writeFileSync(copy, readFileSync(report, 'utf8').replace('</body>', `${probe}</body>`));
const dump = spawnSync(chromium, [...flags, '--window-size=1400,2000', '--virtual-time-budget=10000', '--dump-dom', pathToFileURL(copy).href], { encoding: 'utf8', timeout: 120_000 });
const m = /<pre id="report-check">(.*?)<\/pre>/s.exec(dump.stdout ?? '');
if (!m) {
  console.error(`chromium gave no result (status ${dump.status}): ${(dump.stderr || dump.error?.message || '').split('\n').slice(-3).join(' ')}`);
  process.exit(2);
}
const found = JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
const problems = [];
for (const id of expectedIds(summary)) {
  const el = found.ids[id];
  if (!el) problems.push(`${id}: missing`);
  else if (id.startsWith('table') && el.rows === 0) problems.push(`${id}: table without rows`);
  else if (id.startsWith('fig-grid') && el.images === 0) problems.push(`${id}: no images`);
  else if (id.startsWith('fig-') && !id.startsWith('fig-grid') && el.svgMarks === 0) problems.push(`${id}: no rendered SVG`);
}
if (found.brokenImages) problems.push(`${found.brokenImages} of ${found.images} images did not decode`);
if (found.nan) problems.push('the page shows NaN');
const ids = expectedIds(summary);
console.log(`${report}: ${ids.length - problems.filter((p) => !p.includes('images') && !p.includes('NaN')).length}/${ids.length} tables and figures present, ${found.images} images, page ${found.height}px`);

if (shot) {
  const height = Math.max(found.height, 800);
  // Chromium draws at most 16384 device pixels: a longer page is captured at a smaller scale, whole.
  const scale = Math.min(1, 16000 / height);
  const r = spawnSync(chromium, [...flags, '--hide-scrollbars', `--force-device-scale-factor=${scale.toFixed(4)}`, `--window-size=1400,${height}`, `--screenshot=${resolve(shot)}`, pathToFileURL(resolve(report)).href], { encoding: 'utf8', timeout: 120_000 });
  if (!existsSync(resolve(shot))) problems.push(`screenshot failed (status ${r.status})`);
  else console.log(`screenshot: ${resolve(shot)} (page 1400×${height} css px, scale ${scale.toFixed(2)})`);
}
for (const p of problems) console.error(`  ✗ ${p}`);
process.exit(problems.length ? 1 : 0);
