import * as tf from '@tensorflow/tfjs-core';
import { SaliencyError, disposeBody, rankedClasses, type ComposedExperiment, type Explanation } from '@saliency/core';

export const AGREEMENT = 'metrics/feature-agreement';
export const CONFIDENCE_DROP = 'metrics/confidence-drop';

export interface WorkloadOptions {
  /** Contrast classes per image for contrastive methods (the experiment's `contrastK`). */
  readonly contrastK: number;
  /** Also RQ2: the confidence drop of each method's top-1 map. */
  readonly rq2: boolean;
  /** Return every method's top-1 and top-2 maps (the caller disposes them) instead of disposing them. */
  readonly keepMaps?: boolean;
}

export interface WorkloadResult {
  readonly top1: number[];
  readonly top2: number[];
  /** RQ1 feature agreement per method (one score per image). */
  readonly agreement: ReadonlyMap<string, Float64Array>;
  /** RQ2 confidence drop per method (with `rq2`). */
  readonly confidenceDrop: ReadonlyMap<string, Float64Array>;
  readonly maps?: ReadonlyMap<string, readonly [tf.Tensor3D, tf.Tensor3D]>;
}

function disposeExplanation(e: Explanation | undefined): void {
  e?.maps.dispose();
  e?.raw?.dispose();
  e?.weights?.dispose();
}

/**
 * The per-image work of the paper's RQ1 (and, with `rq2`, RQ2) for a batch: the body runs once; every method of the
 * experiment explains the top-1 and the top-2 predicted class from that one body output; RQ1's feature agreement
 * compares each method's two maps; RQ2's confidence drop scores each top-1 map. Contrasts (CASE) come from the
 * experiment's selector, once per class rank. Does not dispose `input`.
 */
export async function runRq1Workload(exp: ComposedExperiment, input: tf.Tensor4D, options: WorkloadOptions): Promise<WorkloadResult> {
  const { split, adapter, methods, selector } = exp;
  const agreement = exp.metrics.get(AGREEMENT);
  const drop = exp.metrics.get(CONFIDENCE_DROP);
  if (!agreement || (options.rq2 && !drop)) {
    throw new SaliencyError('SALIENCY_INVALID_CONFIG', `the workload needs the metrics ${AGREEMENT}${options.rq2 ? ` and ${CONFIDENCE_DROP}` : ''} in the experiment`);
  }
  const body = split.body(input);
  const scores = { agreement: new Map<string, Float64Array>(), confidenceDrop: new Map<string, Float64Array>() };
  const kept = new Map<string, readonly [tf.Tensor3D, tf.Tensor3D]>();
  try {
    const logits = split.head(body.activation, body.crossing);
    let top1: number[], top2: number[], contrasts: (number[][] | undefined)[];
    try {
      const data = (await logits.data()) as Float32Array;
      const [b, n] = logits.shape;
      const ranked = Array.from({ length: b }, (_, i) => rankedClasses(data.subarray(i * n, (i + 1) * n)));
      [top1, top2] = [ranked.map((r) => r[0]!), ranked.map((r) => r[1]!)];
      const needed = selector && [...methods.values()].some((m) => m.needsContrasts);
      contrasts = needed ? await Promise.all([top1, top2].map((targets) => selector.select({ targets, logits, k: options.contrastK }))) : [undefined, undefined];
    } finally {
      logits.dispose();
    }
    for (const [id, method] of methods) {
      const pair: (Explanation | undefined)[] = [];
      try {
        for (const [i, targets] of [top1, top2].entries()) pair.push(await method.explain({ split, input, body, targets, contrasts: contrasts[i] }));
        const [m1, m2] = [pair[0]!.maps, pair[1]!.maps];
        scores.agreement.set(id, (await agreement.evaluate({ adapter, input, targets: top1, maps: m1, otherMaps: m2 })).scores);
        if (options.rq2) scores.confidenceDrop.set(id, (await drop!.evaluate({ adapter, input, targets: top1, maps: m1 })).scores);
        if (options.keepMaps) kept.set(id, [m1.clone(), m2.clone()]);
      } finally {
        pair.forEach(disposeExplanation);
      }
    }
    return { top1, top2, ...scores, ...(options.keepMaps ? { maps: kept } : {}) };
  } catch (e) {
    for (const pair of kept.values()) tf.dispose([...pair]);
    throw e;
  } finally {
    disposeBody(body);
  }
}

