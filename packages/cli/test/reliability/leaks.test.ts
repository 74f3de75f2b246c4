import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, createLogger, createRng, disposeBatch, disposeBody, PluginRegistry, type BatchResult, type ComposedExperiment, type Metric, type ModelAdapter } from '@saliency/core';
import { plugin as adapters, selectBackend } from '@saliency/adapters';
import { loadModel } from '@saliency/adapters/node';
import { plugin as methodCase } from '@saliency/method-case';
import { plugin as methodsCam } from '@saliency/methods-cam';
import { plugin as metrics } from '@saliency/metrics';
import { FIXTURES } from '../helpers/run.js';

/**
 * Long runs through the public API (compose → explainBatch → metrics) on the default (wasm) backend: after a
 * warm-up, every round must leave tf.memory() exactly as it found it, and the process must not grow.
 * SALIENCY_HEAVY=1 runs 1000 rounds instead of 100 (docs/reliability.md).
 */
const HEAVY = process.env.SALIENCY_HEAVY === '1';
const ROUNDS = HEAVY ? 1000 : 100;
const WARMUP = 10;
/**
 * RSS growth allowed after the warm-up. Measured without a leak: a few MB either way (allocator and wasm-heap
 * noise); a round's maps and metric outputs are ~0.3 MB, so keeping them alive would add ~30 MB in 100 rounds.
 */
const RSS_BOUND_MB = 16;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const rssMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().rss / 2 ** 20;
};

const METHODS = ['case/case', 'cam/grad-cam', 'cam/grad-cam-plus-plus', 'cam/score-cam', 'cam/ablation-cam', 'cam/layer-cam'];
/** A 10-class confusion matrix with a clear, tie-free most-confused class per row (CASE's contrast selector). */
const MATRIX = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 50 : ((i * 7 + j * 3) % 11) + j / 100)));

let adapter: ModelAdapter;
let all: ComposedExperiment;
let caseTop: ComposedExperiment;
let x: tf.Tensor4D;
let measures: Record<'agreement' | 'drop' | 'channels' | 'unique', Metric>;

beforeAll(async () => {
  await selectBackend('wasm');
  const registry = new PluginRegistry();
  for (const p of [adapters, methodCase, methodsCam, metrics]) registry.register(p);
  adapter = await loadModel(`${FIXTURES}/vggish/model.json`);
  const model = ['adapters/layers-model', { path: 'vggish' }] as const;
  all = await compose({ model: [...model], layer: 'target_conv', methods: [['case/case', { contrastK: 2 }], ...METHODS.slice(1)], contrastSelector: ['case/confusion-matrix', { matrix: MATRIX }], contrastK: 2 }, { registry, adapter });
  caseTop = await compose({ model: [...model], layer: 'target_conv', methods: ['case/case'], contrastSelector: 'case/top-logits' }, { registry, adapter });
  const create = (id: string) => registry.create('metric', id, { rng: createRng(1), logger: createLogger('warn') });
  measures = { agreement: await create('metrics/feature-agreement'), drop: await create('metrics/confidence-drop'), channels: await create('metrics/channel-activity'), unique: await create('metrics/unique-evidence') };
  x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
});

afterAll(() => {
  x?.dispose();
  all?.dispose();
  caseTop?.dispose();
  adapter?.dispose();
});

/** Left and right halves as the `class:<c>` masks unique-evidence reads (any fixed masks do for a leak test). */
const masksFor = (targets: readonly number[], contrasts: readonly (readonly number[])[]) =>
  targets.map((t, i) => {
    const half = (left: boolean) => Uint8Array.from({ length: 32 * 32 }, (_, p) => Number((p % 32 < 16) === left));
    return { [`class:${t}`]: half(true), [`class:${contrasts[i]![0]}`]: half(false) };
  });

/** One round: every method for top-1 and top-2 in one composed experiment, CASE on top-logits, every metric. */
async function round(): Promise<number> {
  let checksum = 0;
  const r1 = await all.explainBatch(x, 'top1');
  let r2: BatchResult | undefined;
  let r3: BatchResult | undefined;
  try {
    r2 = await all.explainBatch(x, 'top2');
    r3 = await caseTop.explainBatch(x, 'top1');
    const contrasts = r1.contrasts!;
    const base = { adapter, input: x, targets: r1.targets };
    for (const id of METHODS) {
      const maps = r1.explanations.get(id)!.maps;
      checksum += (await measures.agreement.evaluate({ ...base, maps, otherMaps: r2.explanations.get(id)!.maps })).scores[0]!;
      checksum += (await measures.drop.evaluate({ ...base, maps })).scores[0]!;
      checksum += (await measures.unique.evaluate({ ...base, maps, masks: masksFor(r1.targets, contrasts), contrasts })).scores[0]!;
    }
    const body = all.split.body(x);
    try {
      checksum += (await measures.channels.evaluate({ ...base, body, split: all.split })).scores[0]!;
    } finally {
      disposeBody(body);
    }
  } finally {
    disposeBatch(r1);
    if (r2) disposeBatch(r2);
    if (r3) disposeBatch(r3);
  }
  return checksum;
}

describe(`${ROUNDS} rounds of every method, selector and metric on vggish (wasm)`, () => {
  it('leave numTensors and numBytes exactly flat after a warm-up, and RSS bounded', async () => {
    let first = 0;
    for (let i = 0; i < WARMUP; i++) first = await round();
    const before = { ...tf.memory(), rss: rssMb() };
    const drift: string[] = [];
    const t0 = performance.now();
    let checksum = first;
    // RSS at each quarter: a leak grows steadily, allocator noise does not.
    const quarters: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      checksum = await round();
      const m = tf.memory();
      if (m.numTensors !== before.numTensors || m.numBytes !== before.numBytes) drift.push(`round ${i}: ${m.numTensors} tensors, ${m.numBytes} bytes`);
      if ((i + 1) % (ROUNDS / 4) === 0) quarters.push((rssMb() - before.rss).toFixed(1));
    }
    const ms = performance.now() - t0;
    const after = { ...tf.memory(), rss: rssMb() };
    console.log(
      `[leaks] ${ROUNDS} rounds (${(ms / ROUNDS).toFixed(0)} ms each, ${(ms / 1000).toFixed(1)} s): numTensors ${before.numTensors} → ${after.numTensors}, ` +
        `numBytes ${before.numBytes} → ${after.numBytes}, RSS ${before.rss.toFixed(1)} → ${after.rss.toFixed(1)} MB (growth at each quarter: ${quarters.join(', ')} MB)`,
    );
    expect(drift.slice(0, 5)).toEqual([]);
    expect(after.rss - before.rss).toBeLessThan(RSS_BOUND_MB);
    // The same input gives the same scores in round 1 and round N: nothing accumulates into the results either.
    expect(checksum).toBe(first);
  }, HEAVY ? 1_800_000 : 180_000);

  it('the RSS probe itself sees a leak of the size it must catch', () => {
    const kept: Float32Array[] = [];
    const start = rssMb();
    // ~0.3 MB per round kept alive, as retained maps and metric outputs of one round would be.
    for (let i = 0; i < 100; i++) kept.push(new Float32Array(80_000).fill(i));
    expect(rssMb() - start).toBeGreaterThan(RSS_BOUND_MB);
    expect(kept.length).toBe(100);
  });
});
