import type * as tf from '@tensorflow/tfjs-core';
import {
  disposeBody, rankedClasses, type ContrastSelector, type DatasetSample, type Explanation, type Metric, type MetricResult, type ModelAdapter,
  type ModelSplit, type SaliencyMethod,
} from '@saliency/core';
import type { SelectedImage } from '../data/sampling.js';
import type { ResultRow } from './results-log.js';

/** Everything one (model, layer) pass needs; built once per layer by the model runner. */
export interface LayerContext {
  readonly model: string;
  readonly adapter: ModelAdapter;
  readonly split: ModelSplit;
  readonly methods: ReadonlyMap<string, SaliencyMethod>;
  readonly selector?: ContrastSelector;
  readonly contrastK: number;
  readonly agreement?: Metric;
  readonly confidenceDrop?: Metric;
  readonly channelActivity?: Metric;
  readonly groundTruth?: Metric;
  /** The ground-truth metric's contrast per target, when it is not the selector's (the zoo's designed confuser). */
  readonly groundTruthContrasts?: (targets: readonly number[]) => number[][];
}

/** The maps of one image kept for the report's grids. */
export interface GridMaps {
  readonly position: number;
  /** method → top-1 and top-2 maps (`H·W`, in [0, 1]). */
  readonly maps: Map<string, { top1: Float32Array; top2?: Float32Array }>;
}

export interface BatchOutput {
  readonly rows: ResultRow[];
  readonly grid: GridMaps[];
}

const disposeExplanation = (e: Explanation | undefined): void => {
  e?.maps.dispose();
  e?.raw?.dispose();
  e?.weights?.dispose();
};

/**
 * One batch of one layer: the body runs **once** and its activation is shared by every method and both target
 * sets (top-1 and top-2), then each measure scores the maps. RQ2, channel activity and the ground-truth metric
 * keep only correctly classified images (as the reference scripts); RQ1 keeps the whole sample.
 */
export async function runBatch(ctx: LayerContext, images: readonly SelectedImage[], samples: readonly DatasetSample[], x: tf.Tensor4D, gridPositions: ReadonlySet<number>): Promise<BatchOutput> {
  const body = ctx.split.body(x);
  const rows: ResultRow[] = [];
  const grid = images.filter((im) => gridPositions.has(im.position)).map((im) => ({ position: im.position, maps: new Map() }) as GridMaps);
  let logitsT: tf.Tensor2D | undefined;
  try {
    // The head of the shared body gives the clean logits: ranking, contrasts and the confidence drop's p0 all use them.
    logitsT = ctx.split.head(body.activation, body.crossing);
    const logits = (await logitsT.data()) as Float32Array;
    const n = ctx.adapter.meta.numClasses;
    const ranked = images.map((_, i) => rankedClasses(logits.subarray(i * n, (i + 1) * n)));
    const top1 = ranked.map((r) => r[0]!);
    const top2 = ranked.map((r) => r[1]!);
    const needContrasts = ctx.selector && ([...ctx.methods.values()].some((m) => m.needsContrasts) || (ctx.groundTruth && !ctx.groundTruthContrasts));
    const c1 = needContrasts ? await ctx.selector!.select({ targets: top1, logits: logitsT, k: ctx.contrastK }) : undefined;
    const c2 = needContrasts && ctx.agreement ? await ctx.selector!.select({ targets: top2, logits: logitsT, k: ctx.contrastK }) : undefined;
    const base = (i: number, method: string, measure: string) => {
      const im = images[i]!;
      return { model: ctx.model, layer: ctx.split.layer, image: im.id, index: im.position, label: im.label, method, measure, target: top1[i]! };
    };
    const emit = (r: MetricResult, method: string, measure: string, extra: (i: number) => Partial<ResultRow> = () => ({}), correctOnly = true) => {
      images.forEach((im, i) => {
        if (correctOnly && im.correct === false) return;
        const v = r.scores[i]!;
        const columns = r.columns ? Object.fromEntries(Object.entries(r.columns).map(([k, col]) => [k, Number.isFinite(col[i]!) ? col[i]! : null])) : undefined;
        rows.push({ ...base(i, method, measure), ...extra(i), value: Number.isFinite(v) ? v : null, ...(columns ? { columns } : {}) });
      });
    };
    if (ctx.channelActivity) {
      const r = await ctx.channelActivity.evaluate({ adapter: ctx.adapter, input: x, targets: top1, body, split: ctx.split });
      emit({ scores: r.scores, ...(r.columns ? { columns: r.columns } : {}) }, '-', 'active-channels', (i) => ({ channels: (r.details?.[i]?.top as number[] | undefined) ?? [] }));
    }
    for (const [id, method] of ctx.methods) {
      let e1: Explanation | undefined;
      let e2: Explanation | undefined;
      try {
        e1 = await method.explain({ split: ctx.split, input: x, body, targets: top1, contrasts: c1 });
        if (ctx.agreement) {
          e2 = await method.explain({ split: ctx.split, input: x, body, targets: top2, contrasts: c2 });
          const r = await ctx.agreement.evaluate({ adapter: ctx.adapter, input: x, targets: top1, maps: e1.maps, otherMaps: e2.maps });
          emit(r, id, 'agreement', (i) => ({ other: top2[i]!, ...(method.needsContrasts && c1 ? { contrasts: c1[i]! } : {}) }), false);
        }
        if (ctx.confidenceDrop) {
          const r = await ctx.confidenceDrop.evaluate({ adapter: ctx.adapter, input: x, logits: logitsT, targets: top1, maps: e1.maps });
          emit(r, id, 'confidence-drop', (i) => (method.needsContrasts && c1 ? { contrasts: c1[i]! } : {}));
        }
        if (ctx.groundTruth && samples.every((s) => s.masks)) {
          const labels = images.map((im) => im.label ?? -1);
          const gc = ctx.groundTruthContrasts ? ctx.groundTruthContrasts(top1) : c1;
          const r = await ctx.groundTruth.evaluate({ adapter: ctx.adapter, input: x, targets: top1, maps: e1.maps, labels, masks: samples.map((s) => s.masks!), contrasts: gc });
          emit(r, id, 'ground-truth', (i) => (gc ? { contrasts: gc[i]! } : {}));
        }
        if (grid.length) await captureGrid(grid, images, id, e1, e2);
      } finally {
        disposeExplanation(e1);
        disposeExplanation(e2);
      }
    }
  } finally {
    logitsT?.dispose();
    disposeBody(body);
  }
  return { rows, grid };
}

async function captureGrid(grid: GridMaps[], images: readonly SelectedImage[], id: string, e1: Explanation, e2: Explanation | undefined): Promise<void> {
  const [, h, w] = e1.maps.shape;
  const d1 = (await e1.maps.data()) as Float32Array;
  const d2 = e2 ? ((await e2.maps.data()) as Float32Array) : undefined;
  for (const g of grid) {
    const i = images.findIndex((im) => im.position === g.position);
    const at = (d: Float32Array) => d.slice(i * h * w, (i + 1) * h * w);
    g.maps.set(id, { top1: at(d1), ...(d2 ? { top2: at(d2) } : {}) });
  }
}
