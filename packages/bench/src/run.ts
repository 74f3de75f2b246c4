import * as tf from '@tensorflow/tfjs-core';
import { createLayersModelAdapter, plugin as adapters, selectBackend, type BackendPreference } from '@saliency/adapters';
import { installWebGpu, webGpuAdapterInfo } from '@saliency/backend-webgpu';
import { PluginRegistry, compose, createLogger, createRng, rankedClasses, type PluginDeps } from '@saliency/core';
import { plugin as caseMethods } from '@saliency/method-case/plugin';
import { plugin as cams } from '@saliency/methods-cam/plugin';
import { plugin as metrics } from '@saliency/metrics/plugin';
import { casesFor, type BenchCase, type CaseContext } from './cases.js';
import { WORKLOAD_METHODS, type BenchConfig } from './config.js';
import { machineInfo, versions, type MachineInfo } from './machine.js';
import { measureAll, type Measurement } from './measure.js';
import { benchModels } from './models.js';
import { AGREEMENT, CONFIDENCE_DROP } from './workload.js';

/** One row of the results (`--json`): the fields plus the memory and Score-CAM details. */
export interface BenchResult {
  readonly model: string;
  readonly method: string;
  readonly batch: number;
  readonly k?: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runs: number;
  readonly peakRssMB: number;
  readonly peakTfMB: number | null;
  readonly channels?: number;
  readonly channelsTotal?: number;
  readonly partial?: boolean;
}

export interface BenchReport {
  readonly backend: string;
  readonly versions: Record<string, string>;
  readonly machine: MachineInfo;
  readonly config: BenchConfig;
  readonly results: BenchResult[];
}

async function startBackend(name: string): Promise<string> {
  // The bench imports the WebGPU package itself (not through selectBackend's run-time lookup), so a bundle of it
  // carries the backend and needs only Dawn's native module beside it.
  if (name === 'webgpu') await installWebGpu();
  return (await selectBackend(name as BackendPreference)).name;
}

/** What a caller hears while a run goes on (to print progress and save partial results of a run cut short). */
export interface BenchHooks {
  /** Each final row as its (model, batch) group is done, with the report so far. */
  readonly onResult?: (r: BenchResult, soFar: BenchReport) => void | Promise<void>;
  /** After each timed round, the report with the current group's provisional rows (runs so far). */
  readonly onProgress?: (soFar: BenchReport) => void | Promise<void>;
  readonly log?: (line: string) => void;
}

/** Runs every (model, batch, case) of `config`; cases of one model and batch are measured interleaved. */
export async function runBench(config: BenchConfig, { onResult = () => {}, onProgress = () => {}, log = () => {} }: BenchHooks = {}): Promise<BenchReport> {
  const models = benchModels(config.models);
  const backend = await startBackend(config.backend);
  const gpu = backend === 'webgpu' ? await webGpuAdapterInfo() : null;
  const results: BenchResult[] = [];
  const report: BenchReport = { backend, versions: versions(), machine: machineInfo(gpu), config, results };
  const registry = new PluginRegistry();
  for (const p of [adapters, cams, caseMethods, metrics]) registry.register(p);
  const tfPeak = backend !== 'webgpu';
  for (const spec of models) {
    const built = performance.now();
    const adapter = createLayersModelAdapter(spec.build(), { id: spec.id });
    log(`${spec.id}: built in ${((performance.now() - built) / 1000).toFixed(1)} s, split at ${spec.layer}`);
    const deps: PluginDeps = { rng: createRng(1), logger: createLogger('warn'), adapter };
    const workload = await compose(
      { model: 'adapters/layers-model', layer: spec.layer, methods: [...WORKLOAD_METHODS], contrastSelector: 'case/top-logits', contrastK: 1, metrics: [AGREEMENT, CONFIDENCE_DROP] },
      { registry, adapter },
    );
    const selector = await registry.create('contrast-selector', 'case/top-logits', deps);
    try {
      for (const batch of config.batches) {
        const input = tf.randomNormal([batch, ...adapter.meta.inputShape], 0, 1, 'float32', 7) as tf.Tensor4D;
        const logits = adapter.predict(input);
        const data = (await logits.data()) as Float32Array;
        const n = adapter.meta.numClasses;
        const targets = Array.from({ length: batch }, (_, i) => rankedClasses(data.subarray(i * n, (i + 1) * n))[0]!);
        const contrasts = new Map<number, number[][]>();
        for (const k of config.ks) contrasts.set(k, await selector.select({ targets, logits, k }));
        logits.dispose();
        const ctx: CaseContext = { adapter, split: workload.split, registry, deps, input, targets, contrasts, workload, scoreCamChannels: config.scoreCamChannels };
        const cases: BenchCase[] = [];
        for (const method of config.methods) cases.push(...(await casesFor(method, ctx, config.ks)));
        try {
          log(`${spec.id} batch ${batch}: ${cases.length} cases, ${config.warmup} warm-up + ${config.runs} timed rounds`);
          const rows = (measured: readonly Measurement[]): BenchResult[] =>
            cases.map((c, i) => {
              const { samplesMs: _samples, ...stats } = measured[i]!;
              const { run: _run, dispose: _dispose, ...id } = c;
              return { model: spec.id, ...id, ...stats };
            });
          const committed = results.length;
          // After each timed round the group's rows so far replace the previous ones: a run cut short keeps them.
          const onRound = async (done: number, total: number, soFar: Measurement[] | null): Promise<void> => {
            log(`${spec.id} batch ${batch}: round ${done}/${total}`);
            if (soFar && done < total) {
              results.splice(committed, results.length - committed, ...rows(soFar));
              await onProgress(report);
            }
          };
          const final = rows(await measureAll(cases.map((c) => () => c.run()), { warmup: config.warmup, runs: config.runs, tfPeak, onRound }));
          results.splice(committed, results.length - committed);
          for (const row of final) {
            results.push(row);
            await onResult(row, report);
          }
        } finally {
          for (const c of cases) c.dispose?.();
        }
        input.dispose();
      }
    } finally {
      workload.dispose();
      adapter.dispose();
    }
  }
  return report;
}
