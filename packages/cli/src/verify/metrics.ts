import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { disposeBody, type Metric, type ModelAdapter, type PluginRegistry } from '@saliency/core';
import { loadModel } from '@saliency/adapters/node';
import { createLogger, createRng } from '@saliency/core';
import { imageTensor, readFixtureJson, readInputs } from './fixture-files.js';

interface Arr { shape: number[]; data: number[] }
interface CasesFile {
  model: string;
  target_layer: string;
  image_indices: number[];
  images: { image_index: number; channel_activity: { counts: Record<string, number> } }[];
  cases: { image_index: number; target_kind: string; method: string; final: Arr }[];
  agreement?: { image_index: number; method: string; k_percent: number; top1_class: number; top2_class: number; top1_selected_flat: number[]; top2_selected_flat: number[]; agreement: number; selection_robust: boolean }[];
  confidence_drop?: { image_index: number; method: string; k_percent: number; gt_pred: number; gt_conf: number; selected_flat: number[]; masked_flat: number[]; selection_robust: boolean; boundary_gap: number; blur: Conf; zero: Conf }[];
}
interface Conf { new_conf: number; delta: number; new_conf_untransposed: number; delta_untransposed: number }

export interface MetricCheck { checked: number; failed: number; tieDecided: number; maxAbsDiff: number }
export interface MetricsReport {
  models: { model: string; byCheck: Record<string, MetricCheck> }[];
  failures: string[];
}

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Recomputes the metric records of every model subdirectory of a FORMAT.md fixture directory from the recorded
 * final maps (so map differences cannot leak into the metric check): agreement (numpy tie order for every record,
 * the default order where `selection_robust`), confidence drop (zero and blur, transposed and not; 1e-5) and
 * channel-activity counts at the model's target layer.
 */
export async function verifyMetricRecords(fixtureDir: string, registry: PluginRegistry): Promise<MetricsReport> {
  const inputs = await readInputs(fixtureDir);
  const imageAt = (globalIndex: number) => imageTensor(inputs, globalIndex);
  const deps = (adapter: ModelAdapter) => ({ rng: createRng(0), logger: createLogger('silent'), adapter });
  const failures: string[] = [];
  const models: MetricsReport['models'] = [];
  for (const dir of readdirSync(fixtureDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    if (!existsSync(join(fixtureDir, dir, 'cases.json')) || !existsSync(join(fixtureDir, dir, 'model.json'))) continue;
    const file = await readFixtureJson<CasesFile>(join(fixtureDir, dir, 'cases.json'));
    const adapter = await loadModel(join(fixtureDir, dir, 'model.json'));
    const byCheck: Record<string, MetricCheck> = {};
    const bump = (key: string, ok: boolean, diff: number, tie = false, msg = '') => {
      const c = (byCheck[key] ??= { checked: 0, failed: 0, tieDecided: 0, maxAbsDiff: 0 });
      c.checked++;
      if (tie) c.tieDecided++;
      if (Number.isFinite(diff)) c.maxAbsDiff = Math.max(c.maxAbsDiff, diff);
      if (!ok) {
        c.failed++;
        failures.push(`${file.model} ${key}: ${msg}`);
      }
    };
    const finalOf = (img: number, method: string, kind: string) => {
      const c = file.cases.find((x) => x.image_index === img && x.method === method && x.target_kind === kind);
      if (!c) throw new Error(`cases.json has no ${method}/${kind} case for image ${img}`);
      return tf.tensor3d(c.final.data, [1, c.final.shape[0]!, c.final.shape[1]!]);
    };
    try {
      const metric = (id: string, o: object): Promise<Metric> => registry.create('metric', [id, o as Record<string, unknown>], deps(adapter));
      for (const a of file.agreement ?? []) {
        const m1 = finalOf(a.image_index, a.method, 'top1');
        const m2 = finalOf(a.image_index, a.method, 'top2');
        const x = imageAt(a.image_index);
        for (const tieOrder of ['numpy', 'value-then-index'] as const) {
          if (tieOrder !== 'numpy' && !a.selection_robust) continue;
          const r = await (await metric('metrics/feature-agreement', { kPercent: a.k_percent, tieOrder })).evaluate({ adapter, input: x, targets: [a.top1_class], maps: m1, otherMaps: m2 });
          const d = r.details![0] as { selected: number[]; otherSelected: number[] };
          const diff = Math.abs(r.scores[0]! - a.agreement);
          const sets = tieOrder === 'numpy' ? sameList(d.selected, a.top1_selected_flat) && sameList(d.otherSelected, a.top2_selected_flat) : true;
          bump(`agreement[${tieOrder}]`, diff <= 1e-9 && sets, diff, !a.selection_robust, `image ${a.image_index} ${a.method} k=${a.k_percent}: ${r.scores[0]} vs ${a.agreement}${sets ? '' : ' (selected pixels differ)'}`);
        }
        tf.dispose([m1, m2, x]);
      }
      for (const r of file.confidence_drop ?? []) {
        const map = finalOf(r.image_index, r.method, 'top1');
        const x = imageAt(r.image_index);
        for (const replacement of ['zero', 'blur'] as const) {
          for (const legacy of [true, false]) {
            const res = await (await metric('metrics/confidence-drop', { kPercent: r.k_percent, replacement, legacyTransposedMask: legacy, tieOrder: 'numpy' })).evaluate({ adapter, input: x, targets: [r.gt_pred], maps: map });
            const want = legacy ? r[replacement].new_conf : r[replacement].new_conf_untransposed;
            const det = res.details![0] as { selected: number[]; masked: number[] };
            const diff = Math.max(Math.abs(res.columns!.confAfter![0]! - want), Math.abs(res.columns!.confBefore![0]! - r.gt_conf));
            const sel = sameList(det.selected, r.selected_flat) && (!legacy || sameList(det.masked, r.masked_flat));
            bump(`confidence-drop[${replacement}${legacy ? ',transposed' : ''}]`, diff <= 1e-5 && sel, diff, !r.selection_robust, `image ${r.image_index} ${r.method} k=${r.k_percent}: conf ${res.columns!.confAfter![0]} vs ${want}${sel ? '' : ' (selected pixels differ)'}`);
          }
        }
        tf.dispose([map, x]);
      }
      const split = adapter.split(file.target_layer);
      for (const img of file.images) {
        const x = imageAt(img.image_index);
        const body = split.body(x);
        const taus = Object.keys(img.channel_activity.counts).map(Number).sort((a, b) => a - b);
        const res = await (await metric('metrics/channel-activity', { tau: taus[0], extraTaus: taus.slice(1) })).evaluate({ adapter, input: x, targets: [0], split, body });
        taus.forEach((tau, i) => {
          const got = i === 0 ? res.scores[0]! : res.columns![`active@${tau}`]![0]!;
          const want = img.channel_activity.counts[String(tau)] ?? img.channel_activity.counts[Object.keys(img.channel_activity.counts)[i]!]!;
          bump(`channel-activity[tau=${tau}]`, got === want, Math.abs(got - want), false, `image ${img.image_index}: ${got} active channels vs ${want}`);
        });
        disposeBody(body);
        x.dispose();
      }
    } finally {
      adapter.dispose();
    }
    models.push({ model: file.model, byCheck });
  }
  return { models, failures };
}
