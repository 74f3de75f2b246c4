import type { TopLevelSpec } from 'vega-lite';
import type { StudySummary } from '../analysis/summary.js';
import type { ResultRow } from '../run/results-log.js';

/** A figure of the report: its element id, caption and vega-lite spec (data inline). */
export interface PlotFigure {
  readonly id: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const methodColor = { field: 'method', type: 'nominal', title: 'method', scale: { scheme: 'tableau10' }, legend: { labelLimit: 400 } } as const;
const slugPart = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** Appendix figures: per model and layer, one histogram per method (5% bins, probability) with the threshold line. */
function agreementHistograms(s: StudySummary, rows: readonly ResultRow[]): PlotFigure[] {
  const threshold = (s.settings.statistics as { threshold: number }).threshold;
  return s.models.flatMap((m) =>
    (m.layers as { name: string }[]).map((l, j) => {
      const values = rows.filter((r) => r.model === m.id && r.layer === l.name && r.measure === 'agreement' && r.value !== null).map((r) => ({ method: r.method, value: r.value }));
      return {
        id: `fig-agreement-${slugPart(String(m.id))}-${j}`,
        caption: `Agreement of the top-1 and top-2 maps, ${m.id} at ${l.name}: one histogram per method (5% bins), red dashed line at the threshold ${threshold}%.`,
        spec: {
          $schema: SCHEMA,
          data: { values },
          transform: [
            { bin: { step: 5, extent: [0, 100] }, field: 'value', as: ['bin0', 'bin1'] },
            { aggregate: [{ op: 'count', as: 'count' }], groupby: ['method', 'bin0', 'bin1'] },
            { joinaggregate: [{ op: 'sum', field: 'count', as: 'total' }], groupby: ['method'] },
            { calculate: 'datum.count / datum.total', as: 'probability' },
          ],
          facet: { field: 'method', type: 'nominal', title: null },
          columns: 3,
          spec: {
            width: 200,
            height: 120,
            layer: [
              { mark: { type: 'bar', color: '#4c78a8' }, encoding: { x: { field: 'bin0', bin: { binned: true, step: 5 }, type: 'quantitative', title: 'agreement (%)', scale: { domain: [0, 100] } }, x2: { field: 'bin1' }, y: { field: 'probability', type: 'quantitative', title: 'probability' } } },
              { mark: { type: 'rule', color: 'red', strokeDash: [5, 4], strokeWidth: 2 }, encoding: { x: { datum: threshold } } },
            ],
          },
        } as TopLevelSpec,
      };
    }),
  );
}

/** Figs. 5–6: KDE of the per-class mean number of active channels, one curve per model and layer. */
function channelKde(s: StudySummary): PlotFigure[] {
  const values = s.tables.channels.flatMap((c) => (c.kde ? Array.from(c.kde.grid, (x, i) => ({ series: `${c.model} / ${c.layer}`, x, density: c.kde!.density[i] })) : []));
  if (!s.tables.channels.length) return [];
  return [{
    id: 'fig-channels-kde',
    caption: `Density (Gaussian KDE, Scott bandwidth) of the per-class mean number of active channels (spatial mean > τ), per model and layer.${s.tables.channels.some((c) => !c.kde) ? ' Layers without a curve: ' + s.tables.channels.filter((c) => !c.kde).map((c) => `${c.model} / ${c.layer} (n/a: ${c.kdeReason})`).join('; ') + '.' : ''}`,
    spec: {
      $schema: SCHEMA,
      width: 520,
      height: 240,
      data: { values },
      mark: { type: 'area', opacity: 0.35, line: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: 'mean active channels per class' },
        y: { field: 'density', type: 'quantitative', title: 'density', stack: null },
        color: { field: 'series', type: 'nominal', title: 'model / layer', scale: { scheme: 'tableau10' }, legend: { labelLimit: 400 } },
      },
    } as TopLevelSpec,
  }];
}

/** RQ2 figures: bar chart of mean drop ± SD per method, and the empirical CDFs, one panel per model. */
function dropFigures(s: StudySummary, rows: readonly ResultRow[]): PlotFigure[] {
  const t = s.tables.tableIII;
  if (!t) return [];
  const bars = t.cells.filter((c) => c.mean !== null).map((c) => ({ model: c.model, method: c.method, mean: c.mean, low: c.mean! - (c.sd ?? 0), high: c.mean! + (c.sd ?? 0) }));
  const cdf = t.models.flatMap((model) =>
    t.methods.flatMap((method) => {
      const v = rows.filter((r) => r.model === model && r.method === method && r.measure === 'confidence-drop' && r.value !== null).map((r) => r.value!).sort((a, b) => a - b);
      return v.map((x, i) => ({ model, method, drop: x, fraction: v.length > 1 ? i / (v.length - 1) : 1 }));
    }),
  );
  return [
    {
      id: 'fig-drop-bar',
      caption: 'Mean confidence drop (Average Drop) per method with ±1 SD error bars, one panel per model.',
      spec: {
        $schema: SCHEMA,
        data: { values: bars },
        facet: { column: { field: 'model', type: 'nominal', title: null } },
        spec: {
          width: 220,
          height: 200,
          layer: [
            { mark: 'bar', encoding: { x: { field: 'method', type: 'nominal', title: null, axis: { labelAngle: -40 } }, y: { field: 'mean', type: 'quantitative', title: 'Average Drop' }, color: methodColor } },
            { mark: { type: 'errorbar', ticks: true }, encoding: { x: { field: 'method', type: 'nominal' }, y: { field: 'low', type: 'quantitative', title: 'Average Drop' }, y2: { field: 'high' } } },
          ],
        },
      } as TopLevelSpec,
    },
    {
      id: 'fig-drop-cdf',
      caption: 'Empirical CDF of the per-image confidence drop per method (sorted drops against linspace(0, 1, n)), one panel per model.',
      spec: {
        $schema: SCHEMA,
        data: { values: cdf },
        facet: { column: { field: 'model', type: 'nominal', title: null } },
        spec: {
          width: 220,
          height: 200,
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: { x: { field: 'drop', type: 'quantitative', title: 'Average Drop', scale: { domain: [0, 1] } }, y: { field: 'fraction', type: 'quantitative', title: 'fraction of images' }, color: methodColor },
        },
      } as TopLevelSpec,
    },
  ];
}

/** The ground-truth metric's mean per method and model. */
function groundTruthFigure(s: StudySummary): PlotFigure[] {
  const g = s.tables.groundTruth;
  if (!g) return [];
  const values = g.cells.filter((c) => c.mean !== null).map((c) => ({ model: c.model, method: c.method, mean: c.mean }));
  return [{
    id: 'fig-ground-truth',
    caption: `Mean ${g.metric} score per method, one panel per model.`,
    spec: {
      $schema: SCHEMA,
      data: { values },
      facet: { column: { field: 'model', type: 'nominal', title: null } },
      spec: { width: 220, height: 200, mark: 'bar', encoding: { x: { field: 'method', type: 'nominal', title: null, axis: { labelAngle: -40 } }, y: { field: 'mean', type: 'quantitative', title: g.metric }, color: methodColor } },
    } as TopLevelSpec,
  }];
}

/** Every plot of the report, in reading order. */
export function reportPlots(s: StudySummary, rows: readonly ResultRow[]): PlotFigure[] {
  return [...agreementHistograms(s, rows), ...channelKde(s), ...dropFigures(s, rows), ...groundTruthFigure(s)];
}
