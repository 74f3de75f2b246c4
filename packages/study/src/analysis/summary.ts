import { relative } from 'node:path';
import type { PluginRegistry } from '@saliency/core';
import type { PreparedStudy } from '../preflight/preflight.js';
import type { ModelRecord } from '../run/model-run.js';
import type { ResultRow } from '../run/results-log.js';
import { agreementTable, type AgreementTable } from './agreement-table.js';
import { channelSummary, type ChannelSummary } from './channels.js';
import { dropTable, type DropTable } from './drop-table.js';
import { groundTruthTable, type GroundTruthTable } from './ground-truth.js';
import { canonicalOrder } from './rows.js';
import { versions } from './versions.js';

/** Everything a study found, in summary.json; only `run` differs between two runs with the same seed. */
export interface StudySummary {
  readonly study: { readonly name: string; readonly description: string | null; readonly parity: string };
  readonly seed: number;
  readonly backends: readonly string[];
  readonly settings: Readonly<Record<string, unknown>>;
  readonly versions: Readonly<Record<string, string>>;
  readonly dataset: Readonly<Record<string, unknown>>;
  readonly models: readonly Readonly<Record<string, unknown>>[];
  readonly results: { readonly rows: number };
  readonly tables: {
    readonly tableI: AgreementTable | null;
    readonly tableII: AgreementTable | null;
    readonly tableIII: DropTable | null;
    readonly channels: readonly ChannelSummary[];
    readonly groundTruth: GroundTruthTable | null;
  };
  readonly run: Readonly<Record<string, unknown>>;
}

/** Builds the summary from the per-image rows (read back from results.jsonl, so resumed runs summarise the same). */
export function buildSummary(study: PreparedStudy, records: readonly ModelRecord[], rowsIn: readonly ResultRow[], registry: PluginRegistry, run: Record<string, unknown>, root: string): StudySummary {
  const s = study.settings;
  const ids = records.map((r) => r.model.id);
  const rows = canonicalOrder(rowsIn.filter((r) => ids.includes(r.model)), ids, (m) => records.find((r) => r.model.id === m)!.model.layers);
  const methods = study.plugins.methods.map(([m]) => m);
  const primary = records.map((r) => ({ model: r.model.id, layer: r.model.layers[0]! }));
  const second = records.filter((r) => r.model.layers.length > 1).map((r) => ({ model: r.model.id, layer: r.model.layers[1]! }));
  const gt = study.plugins.metrics.groundTruth;
  const hasGt = gt && records.some((r) => r.hasMasks);
  const channelTables = (ca: typeof s.channelActivity) =>
    ca ? records.flatMap((r) => r.model.layers.map((l) => channelSummary(rows, r.model.id, l, r.layerShapes[l]?.[2] ?? 0, ca.tau, ca.extraTaus))) : [];
  const direction = gt ? (registry.get('metric', gt[0]).manifest as { scoreDirection?: 'higher' | 'lower' | 'neutral' }).scoreDirection ?? 'neutral' : 'neutral';
  return {
    study: { name: study.name, description: study.config.description ?? null, parity: s.parity },
    seed: s.seed,
    backends: [...new Set(records.map((r) => r.backend))],
    settings: { ...s, methods: study.plugins.methods, selector: study.plugins.selector[0], selectorOptions: { ...study.plugins.selector[1] }, dataset: study.plugins.dataset.id, datasetOptions: study.plugins.dataset.options, metricPlugins: study.plugins.metrics, reference: study.plugins.reference ?? null },
    versions: versions(),
    dataset: { id: study.dataset.id, size: study.dataset.size ?? null, numClasses: study.dataset.numClasses ?? null, calibrationImages: study.plan.calibration.length, poolImages: study.plan.pool.length },
    models: records.map((r) => ({
      id: r.model.id,
      zoo: r.model.zoo ?? null,
      path: relative(root, r.model.path).split('\\').join('/'),
      sha256: r.model.sha256,
      backend: r.backend,
      inputShape: r.model.inputShape,
      numClasses: r.model.numClasses,
      accuracy: r.model.accuracy ?? null,
      layers: r.model.layers.map((l) => ({ name: l, shape: r.layerShapes[l] ?? null })),
      preprocessing: r.model.preprocessing,
      sample: {
        requested: s.sampling.images, selected: r.images.length, examined: r.examined,
        correct: r.images.filter((i) => i.correct === true).length, incorrect: r.images.filter((i) => i.correct === false).length,
        unlabelled: r.images.filter((i) => i.correct === null).length,
      },
      contrastMatrix: r.matrix,
      groundTruthMasks: r.hasMasks,
    })),
    results: { rows: rows.length },
    tables: {
      tableI: s.agreement ? agreementTable('table-1', rows, primary, methods, s.statistics) : null,
      tableII: s.agreement && second.length ? agreementTable('table-2', rows, second, methods, s.statistics) : null,
      tableIII: s.confidenceDrop && study.plugins.reference ? dropTable(rows, primary, methods, study.plugins.reference, s.statistics) : null,
      channels: channelTables(s.channelActivity),
      groundTruth: hasGt && gt ? groundTruthTable(rows, primary, methods, study.plugins.reference ?? methods[0]!, gt[0], direction, s.statistics, s.groundTruth ? s.groundTruth.contrast : 'selector') : null,
    },
    run,
  };
}
