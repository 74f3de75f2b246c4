import * as tf from '@tensorflow/tfjs-core';
import type { ComposedExperiment, ModelAdapter, ModelSplit, PluginDeps, PluginRegistry } from '@saliency/core';
import { scoreCamChunk } from '@saliency/methods-cam';
import { firstChannels } from './partial-split.js';
import { runRq1Workload } from './workload.js';

/** One timed thing: a result row's identity and the function that does the work once (reading its result). */
export interface BenchCase {
  readonly method: string;
  readonly batch: number;
  readonly k?: number;
  /** Score-CAM: the channels actually run, of `channelsTotal`; `partial` when fewer than all. */
  readonly channels?: number;
  readonly channelsTotal?: number;
  readonly partial?: boolean;
  run(): Promise<void>;
  /** Frees what the case holds (called once it is measured). */
  dispose?(): void;
}

/** What every case of one model and batch size shares. */
export interface CaseContext {
  readonly adapter: ModelAdapter;
  readonly split: ModelSplit;
  readonly registry: PluginRegistry;
  readonly deps: PluginDeps;
  /** `[B, 224, 224, 3]` images. */
  readonly input: tf.Tensor4D;
  /** Top-1 class per image. */
  readonly targets: readonly number[];
  /** Contrast classes per image for each CASE k. */
  readonly contrasts: ReadonlyMap<number, number[][]>;
  /** The composed RQ1 experiment (methods, top-logits selector, both metrics) for the workload cases. */
  readonly workload: ComposedExperiment;
  /** Score-CAM channels per image, or `'all'`. */
  readonly scoreCamChannels: number | 'all';
}

const SCORE_CAM = 'cam/score-cam';

/** The cases of one `--methods` entry (CASE expands to one per k; Score-CAM adds its forward-pass reference). */
export async function casesFor(method: string, ctx: CaseContext, ks: readonly number[]): Promise<BenchCase[]> {
  const batch = ctx.input.shape[0];
  const read = async (t: tf.Tensor): Promise<void> => {
    await t.data();
    t.dispose();
  };
  if (method === 'body-forward') {
    const run = async (): Promise<void> => {
      const b = ctx.split.body(ctx.input);
      tf.dispose([...b.crossing]);
      await read(b.activation);
    };
    return [{ method, batch, run }];
  }
  if (method === 'workload-rq1' || method === 'workload-rq1-rq2') {
    const rq2 = method === 'workload-rq1-rq2';
    return [{ method, batch, k: 1, run: async () => void (await runRq1Workload(ctx.workload, ctx.input, { contrastK: 1, rq2 })) }];
  }
  if (method === SCORE_CAM) return scoreCamCases(ctx);
  const variants = method === 'case/case' ? ks : [undefined];
  const out: BenchCase[] = [];
  for (const k of variants) {
    const instance = await ctx.registry.create('saliency-method', k ? [method, { contrastK: k }] : method, ctx.deps);
    const contrasts = k ? ctx.contrasts.get(k) : undefined;
    const run = async (): Promise<void> => {
      const e = await instance.explain({ split: ctx.split, input: ctx.input, targets: ctx.targets, contrasts });
      e.raw?.dispose();
      e.weights?.dispose();
      await read(e.maps);
    };
    out.push({ method, batch, ...(k ? { k } : {}), run });
  }
  return out;
}

/**
 * Score-CAM over `scoreCamChannels` channels per image, and its floor: one forward pass of a batch of one chunk
 * (B masked images; B = the method's automatic chunk, capped by the channels run).
 */
async function scoreCamCases(ctx: CaseContext): Promise<BenchCase[]> {
  const [batch, h, w, cin] = ctx.input.shape;
  const total = ctx.split.activationShape[2];
  const channels = ctx.scoreCamChannels === 'all' ? total : Math.min(ctx.scoreCamChannels, total);
  const chunk = scoreCamChunk('auto', h, w, cin, channels);
  const chunkInput = tf.tidy(() => tf.mul(tf.ones([chunk, 1, 1, 1]), tf.slice(ctx.input, [0, 0, 0, 0], [1, -1, -1, -1]))) as tf.Tensor4D;
  const split = channels < total ? firstChannels(ctx.split, channels) : ctx.split;
  const method = await ctx.registry.create('saliency-method', SCORE_CAM, ctx.deps);
  return [
    {
      method: 'forward-chunk',
      batch: chunk,
      run: async () => {
        const y = ctx.adapter.predict(chunkInput);
        await y.data();
        y.dispose();
      },
      dispose: () => chunkInput.dispose(),
    },
    {
      method: SCORE_CAM,
      batch,
      channels,
      channelsTotal: total,
      partial: channels < total,
      run: async () => {
        const e = await method.explain({ split, input: ctx.input, targets: ctx.targets });
        await e.maps.data();
        e.maps.dispose();
      },
    },
  ];
}
