import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StudySummary } from '../analysis/summary.js';
import type { ResultRow } from '../run/results-log.js';
import { gridFile, slug } from './grid-files.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

async function dataUri(outDir: string, rel: string): Promise<string | undefined> {
  const bytes = await readFile(join(outDir, rel)).catch(() => undefined);
  return bytes && `data:image/png;base64,${bytes.toString('base64')}`;
}

/**
 * Figs. 1 and 3: per model, for each grid image the original, then per method the top-1 and top-2 map overlays
 * (Turbo) and the top-k% pixels of the top-1 map, from the PNGs the run wrote, embedded as data: URIs.
 */
export async function gridFigures(s: StudySummary, rows: readonly ResultRow[], outDir: string, gridImages: number, kPercent: number): Promise<string[]> {
  const methods = (s.settings.methods as [string, unknown][]).map(([m]) => m);
  const out: string[] = [];
  for (const m of s.models) {
    const id = String(m.id);
    const layer = (m.layers as { name: string }[])[0]!.name;
    const n = Math.min(gridImages, (m.sample as { selected: number }).selected);
    if (!n) continue;
    const blocks: string[] = [];
    for (let p = 0; p < n; p++) {
      const r = rows.find((x) => x.model === id && x.layer === layer && x.index === p && x.measure === 'agreement') ?? rows.find((x) => x.model === id && x.index === p);
      const original = await dataUri(outDir, gridFile(id, p, 'original'));
      const cells = await Promise.all(methods.map(async (meth) => {
        const img = async (what: string, alt: string) => {
          const uri = await dataUri(outDir, gridFile(id, p, `${slug(meth)}-${what}`));
          return uri ? `<img src="${uri}" alt="${esc(alt)}">` : '<span class="na">n/a (not computed)</span>';
        };
        return `<tr><th>${esc(meth)}</th><td>${await img('top1', `${meth} top-1`)}</td><td>${await img('top2', `${meth} top-2`)}</td><td>${await img('masked', `${meth} top ${kPercent}%`)}</td></tr>`;
      }));
      const caption = r ? `image ${esc(r.image)} (label ${r.label ?? 'none'}; top-1 class ${r.target}${r.other !== undefined ? `, top-2 class ${r.other}` : ''})` : `image ${p}`;
      blocks.push(`<div class="grid-image"><p>${caption}</p>${original ? `<img class="original" src="${original}" alt="original">` : ''}<table class="grid"><tr><th>method</th><th>top-1 map</th><th>top-2 map</th><th>top ${kPercent}% of top-1</th></tr>${cells.join('')}</table></div>`);
    }
    out.push(`<figure id="fig-grid-${id.replace(/[^A-Za-z0-9_-]/g, '_')}"><h3>Maps of ${esc(id)} (${esc(layer)})</h3>${blocks.join('')}<figcaption>Maps of ${esc(id)} at ${esc(layer)}: original image; per method the top-1 and top-2 class maps (Turbo colormap over the image) and the image restricted to the top ${kPercent}% pixels of the top-1 map.</figcaption></figure>`);
  }
  return out;
}
