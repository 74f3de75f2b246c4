import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createLogger, ioErrorReason, isSaliencyError, SaliencyError, type Logger, type PluginPackage, type PluginRegistry } from '@saliency/core';
import { buildSummary, type StudySummary } from '../analysis/summary.js';
import type { Backend, StudyConfig } from '../config/types.js';
import { writeOutputs } from '../output/write-outputs.js';
import { prepareStudy, type PreparedStudy } from '../preflight/preflight.js';
import { ensureStudyPlugins, createStudyRegistry } from '../registry.js';
import { registerZooPlugins } from '../zoo/zoo-models.js';
import { backendSwitcher } from './backend.js';
import type { StudyEventHandler } from './events.js';
import { runModel, type ModelRecord } from './model-run.js';
import { lockRunFolder } from './lock.js';
import { bindOutDir, chooseOutDir, removeStaleTemps } from './out-dir.js';
import { readRows, ResultsLog } from './results-log.js';

export interface RunStudyOptions {
  /** Plugins to use (first-party ones it lacks are added); default: a fresh registry with the first-party plugins. */
  readonly registry?: PluginRegistry;
  /** Third-party plugin packages to register (explicitly, as the fixture plugin in the tests). */
  readonly plugins?: readonly PluginPackage[];
  /** Run folder (default `runs/<name>-<timestamp>/`, or with `resume` the newest such folder). */
  readonly outDir?: string;
  /** Continue an interrupted run in `outDir`: done rows are kept, missing ones computed. */
  readonly resume?: boolean;
  /** Stops the study after the current batch; outputs are not written, `--resume` continues. */
  readonly signal?: AbortSignal;
  readonly onEvent?: StudyEventHandler;
  readonly logger?: Logger;
  /** Relative paths (models, `runs/`) are resolved from here; default the working directory. */
  readonly root?: string;
  /** Command-line overrides of `sampling.images` and `seed`. */
  readonly images?: number;
  readonly seed?: number;
}

export interface StudyResult {
  readonly outDir: string;
  /** False when the study was stopped (signal) before finishing; then no summary was written. */
  readonly completed: boolean;
  readonly summary?: StudySummary;
  readonly files: readonly string[];
}

function withOverrides(config: StudyConfig, o: RunStudyOptions): StudyConfig {
  if (o.images === undefined && o.seed === undefined) return config;
  return { ...config, ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.images !== undefined ? { sampling: { ...config.sampling, images: o.images } } : {}) };
}

const fingerprint = (p: PreparedStudy, root: string) => ({
  name: p.name,
  settings: p.settings,
  methods: p.plugins.methods,
  selector: p.plugins.selector,
  dataset: p.plugins.dataset,
  models: p.models.map((m) => ({ ...m, path: relative(root, m.path).split('\\').join('/') })),
});

/**
 * Runs a study: checks everything first (no work on a bad config), then per model the sample, the calibration
 * matrix and every layer batch by batch, appending per-image rows to `results.jsonl`; finally the statistics and
 * the outputs (summary.json, tables.md, results.csv, report.html) from the rows read back.
 */
export async function runStudy(config: StudyConfig, o: RunStudyOptions = {}): Promise<StudyResult> {
  const started = new Date();
  const root = o.root ?? process.cwd();
  const logger = o.logger ?? createLogger('warn');
  const emit: StudyEventHandler = (e) => o.onEvent?.(e);
  const registry = o.registry ? ensureStudyPlugins(o.registry, o.plugins) : createStudyRegistry(o.plugins);
  await registerZooPlugins(registry);
  const useBackend = backendSwitcher();
  const study = await prepareStudy(withOverrides(config, o), { registry, root, logger, useBackend });
  for (const message of study.plugins.warnings) emit({ type: 'warning', message });

  const outDir = await chooseOutDir(study.name, o.outDir, o.resume ?? false, root, started);
  await mkdir(outDir, { recursive: true }).catch((e: unknown) => {
    throw new SaliencyError('SALIENCY_IO_FAILED', `cannot create the run folder ${outDir} (${ioErrorReason(e)})`, { file: outDir }, { cause: e });
  });
  const unlock = await lockRunFolder(outDir);
  try {
    return await runIn(outDir, study, registry, { ...o, root, logger, emit, useBackend, started });
  } finally {
    await unlock();
  }
}

interface RunContext extends RunStudyOptions {
  readonly root: string;
  readonly logger: Logger;
  readonly emit: StudyEventHandler;
  readonly useBackend: (b: Backend) => Promise<string>;
  readonly started: Date;
}

/** The run proper, in a folder this process holds the lock of. */
async function runIn(outDir: string, study: PreparedStudy, registry: PluginRegistry, o: RunContext): Promise<StudyResult> {
  const { root, logger, emit, useBackend, started } = o;
  await bindOutDir(outDir, fingerprint(study, root), o.resume ?? false);
  if (o.resume) await removeStaleTemps(outDir);
  const log = await ResultsLog.open(join(outDir, 'results.jsonl'), o.resume ?? false);
  const rowsBefore = log.size;
  emit({ type: 'start', outDir, resumed: rowsBefore > 0, rowsBefore, models: study.models.map((m) => m.id) });
  const progress = { done: 0, total: study.models.reduce((n, m) => n + m.layers.length * study.settings.sampling.images, 0) };
  const records: ModelRecord[] = [];
  try {
    for (const m of study.models) {
      // A stop during image selection or calibration surfaces as SALIENCY_ABORTED: the same clean stop.
      const r = await runModel(m, { study, registry, log, outDir, logger, signal: o.signal, emit, useBackend, progress, root }).catch((e: unknown) => {
        if (isSaliencyError(e, 'SALIENCY_ABORTED')) return 'stopped' as const;
        throw e;
      });
      if (r === 'stopped') {
        emit({ type: 'stopped', outDir, rows: log.size });
        return { outDir, completed: false, files: [join(outDir, 'results.jsonl')] };
      }
      records.push(r);
    }
  } finally {
    await log.close();
  }
  const rows = await readRows(join(outDir, 'results.jsonl'));
  const finished = new Date();
  const run = { startedAt: started.toISOString(), finishedAt: finished.toISOString(), durationMs: finished.getTime() - started.getTime(), resumed: rowsBefore > 0, rowsBefore, outDir };
  const summary = buildSummary(study, records, rows, registry, run, root);
  const files = await writeOutputs(outDir, summary, rows, study.settings.outputs.report);
  emit({ type: 'outputs', files });
  emit({ type: 'done', outDir, rows: summary.results.rows, durationMs: run.durationMs });
  return { outDir, completed: true, summary, files };
}
