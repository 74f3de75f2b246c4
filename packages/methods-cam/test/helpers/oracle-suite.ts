/** Runs every `cases[]` (and `extra_cases[]`) entry of one fixture method through a plugin, on cpu and wasm. */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry, type ModelAdapter, type PluginPackage } from '@saliency/core';
import { testDeps } from '@saliency/core/testing';
import { BACKENDS, MODELS, loadFixtureModel, useBackend } from './fixture-models.js';
import { f32, finalTolerance, imageData, maxAbsDiff, readCases, readInputs, relToMax, type OracleCase } from './oracle.js';

export type WeightCheck = 'relative-to-max' | 'ablation' | 'none';

export interface OracleSuiteOptions {
  readonly plugin: PluginPackage;
  /** Fixture method name (`gradcam`, ...). */
  readonly fixtureMethod: string;
  /** Qualified plugin id (`cam/grad-cam`). */
  readonly pluginId: string;
  readonly options?: Record<string, unknown>;
  readonly weights: WeightCheck;
}

const RTOL = 1e-4;
/** FORMAT.md §9 logits atol, the floor of Ablation-CAM's per-element weight check (weights are logit differences / y0). */
const LOGIT_ATOL = 1e-5;

export interface CaseOutcome {
  readonly final: number;
  readonly raw: number;
  readonly weights: number;
  readonly failure?: string;
}

export async function runOracleCase(adapter: ModelAdapter, registry: PluginRegistry, c: OracleCase, defaultLayer: string, o: OracleSuiteOptions): Promise<CaseOutcome> {
  const inputs = await readInputs();
  const [, h, w, ch] = inputs.shape;
  const input = tf.tensor4d(imageData(inputs, c.image_index), [1, h, w, ch]);
  const method = await registry.create('saliency-method', [o.pluginId, o.options ?? {}], testDeps(adapter));
  const ex = await method.explain({ split: adapter.split(c.target_layer ?? defaultLayer), input, targets: [c.target_class], intermediates: true });
  const final = (await ex.maps.data()) as Float32Array;
  const raw = (await ex.raw!.data()) as Float32Array;
  const weights = ex.weights ? ((await ex.weights.data()) as Float32Array) : undefined;
  tf.dispose([input, ex.maps, ex.raw!]);
  ex.weights?.dispose();
  const where = `image ${c.image_index} ${c.target_kind} (class ${c.target_class})${c.target_layer ? ` @${c.target_layer}` : ''}`;
  const problems: string[] = [];
  const dFinal = maxAbsDiff(final, f32(c.final));
  if (!(dFinal <= finalTolerance(c))) problems.push(`final max|Δ| ${dFinal} > ${finalTolerance(c)}`);
  if (c.final_all_zero !== final.every((v) => v === 0)) problems.push(`all-zero ${final.every((v) => v === 0)}, expected ${c.final_all_zero}`);
  const dRaw = relToMax(raw, f32(c.cam_lowres_raw));
  if (!(dRaw <= RTOL)) problems.push(`raw max|Δ|/max|ref| ${dRaw} > ${RTOL}`);
  let dW = 0;
  if (o.weights !== 'none') {
    const ref = f32(c.weights!);
    if (!weights || weights.length !== ref.length) problems.push(`weights: got ${weights?.length ?? 'none'}, expected ${ref.length}`);
    else {
      dW = relToMax(weights, ref);
      if (o.weights === 'ablation') {
        // Relative per element, floored by the logit tolerance carried through w = (y0 − y_k) / y0.
        const y0 = Math.abs(c.original_score as number);
        ref.forEach((r, i) => {
          const d = Math.abs(weights[i]! - r);
          if (!(d <= RTOL * Math.abs(r) + LOGIT_ATOL / y0)) problems.push(`weight[${i}] ${weights[i]} vs ${r}`);
        });
      } else if (!(dW <= RTOL)) problems.push(`weights max|Δ|/max|ref| ${dW} > ${RTOL}`);
    }
  }
  return { final: dFinal, raw: dRaw, weights: dW, failure: problems.length ? `${where}: ${problems.join('; ')}` : undefined };
}

/** One test per (backend, model): every case of the method within FORMAT.md §9 tolerances. */
export function describeOracleCases(o: OracleSuiteOptions): void {
  for (const backend of BACKENDS) {
    describe(`oracle fixtures: ${o.fixtureMethod} → ${o.pluginId} on ${backend}`, () => {
      const adapters = new Map<string, ModelAdapter>();
      const registry = new PluginRegistry();
      registry.register(o.plugin);
      beforeAll(async () => {
        await useBackend(backend);
        for (const m of MODELS) adapters.set(m, await loadFixtureModel(m));
      });
      afterAll(() => adapters.forEach((a) => a.dispose()));
      for (const model of MODELS) {
        it(`${model}: every cases[] and extra_cases[] entry matches the reference`, async () => {
          const cj = await readCases(model);
          const cases = [...cj.cases, ...(cj.extra_cases ?? [])].filter((c) => c.method === o.fixtureMethod);
          expect(cases.length).toBeGreaterThanOrEqual(12);
          const max = { final: 0, raw: 0, weights: 0 };
          const failures: string[] = [];
          for (const c of cases) {
            const r = await runOracleCase(adapters.get(model)!, registry, c, cj.target_layer, o);
            max.final = Math.max(max.final, r.final);
            max.raw = Math.max(max.raw, r.raw);
            max.weights = Math.max(max.weights, r.weights);
            if (r.failure) failures.push(r.failure);
          }
          console.log(`[oracle] ${backend} ${model} ${o.fixtureMethod}: ${cases.length} cases, max|Δfinal| ${max.final.toExponential(2)}, raw ${max.raw.toExponential(2)}, weights ${max.weights.toExponential(2)} (rel. to max)`);
          expect(failures).toEqual([]);
        });
      }
    });
  }
}
