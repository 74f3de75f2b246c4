import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { hashSeed } from '@saliency/core';
import { NUM_PARTS_CLASSES } from '../data/classes.js';
import { renderPartsBatch } from '../data/synthetic-parts.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';

/** How one mini model is trained (all of it goes into the checkpoint fingerprint). */
export interface TrainOptions {
  /** Seeds the initial weights (`build(seed)`) and the training images (stream `(seed, 'train')`). */
  readonly seed: number;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly batchSize: number;
  /** Peak learning rate of Adam (β = 0.9, 0.999, ε = 1e-7): linear warm-up, then cosine decay to 0. */
  readonly learningRate: number;
  readonly warmupSteps: number;
  /** Decoupled weight decay (AdamW) on kernels, per unit learning rate; 0 for none. */
  readonly weightDecay: number;
  readonly imageSize: number;
}

export interface StepInfo {
  readonly epoch: number;
  readonly epochs: number;
  readonly step: number;
  readonly stepsPerEpoch: number;
  /** Running mean over the epoch so far. */
  readonly loss: number;
  readonly accuracy: number;
  readonly learningRate: number;
}

export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly seconds: number;
}

interface State {
  readonly fingerprint: string;
  readonly epoch: number;
  readonly adamSteps: number;
  readonly seconds: number;
  readonly history: EpochRecord[];
}

export interface TrainHooks {
  /** Folder for the per-epoch checkpoint; training resumes from it when its fingerprint matches. */
  readonly checkpointDir?: string;
  readonly onStep?: (info: StepInfo) => void;
  readonly onEpoch?: (record: EpochRecord, info: { resumed: boolean }) => void;
  /** Called once when a checkpoint was found, with the number of epochs it had completed. */
  readonly onResume?: (epochs: number) => void;
}

export interface TrainResult {
  readonly model: tfl.LayersModel;
  readonly history: readonly EpochRecord[];
  /** Training seconds summed over every run that contributed (resumed runs add up). */
  readonly seconds: number;
  /** Epoch the run started from (0 unless resumed). */
  readonly resumedFromEpoch: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/** The learning rate at global step `t` (0-based): linear warm-up to `peak`, then half a cosine down to 0. */
export function learningRateAt(t: number, total: number, peak: number, warmup: number): number {
  if (t < warmup) return (peak * (t + 1)) / warmup;
  const progress = (t - warmup) / Math.max(1, total - warmup);
  return 0.5 * peak * (1 + Math.cos(Math.PI * Math.min(1, progress)));
}

/** A stable hex fingerprint of a JSON-able value. */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  return [hashSeed(0, text), hashSeed(1, text)].map((h) => h.toString(16).padStart(8, '0')).join('');
}

/**
 * Trains `build(seed)` on the synthetic parts dataset with a plain Adam(W) loop written with tf ops (so the state is
 * explicit and a resumed run is bit-identical to an uninterrupted one): softmax cross-entropy on the logits, batches
 * `[(e·S + s)·B, …)` of the `(seed, 'train')` stream (every image is new; no epoch repeats an image), BatchNorm in
 * training mode. After each epoch the weights (with BatchNorm statistics), Adam's moments and step count and the
 * history go to `checkpointDir`; a later call with the same options continues from there.
 */
export async function trainModel(name: string, build: (seed: number) => tfl.LayersModel, options: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const { seed, epochs, stepsPerEpoch, batchSize, imageSize } = options;
  const fp = fingerprint({ name, ...options, tfjs: tf.version_core, backend: tf.getBackend() });
  const model = build(seed);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const decayed = new Set(model.trainableWeights.filter((w) => /kernel$/.test(w.originalName)).map((w) => (w.read() as tf.Variable).name));
  const m = vars.map((v) => tf.variable(tf.zerosLike(v), false));
  const v2 = vars.map((v) => tf.variable(tf.zerosLike(v), false));
  let state: State = { fingerprint: fp, epoch: 0, adamSteps: 0, seconds: 0, history: [] };

  if (hooks.checkpointDir) {
    const ck = await loadCheckpoint<State>(hooks.checkpointDir);
    if (ck) {
      if (ck.state.fingerprint !== fp) {
        tf.dispose(ck.tensors.map((t) => t.tensor));
        throw new Error(`${hooks.checkpointDir} holds a checkpoint of a different configuration (fingerprint ${ck.state.fingerprint}, this run ${fp}); delete it or pass --fresh`);
      }
      const weights = model.getWeights();
      const nw = weights.length;
      if (ck.tensors.length !== nw + 2 * vars.length) throw new Error(`${hooks.checkpointDir}: checkpoint does not match the model`);
      model.setWeights(ck.tensors.slice(0, nw).map((t) => t.tensor));
      vars.forEach((_, i) => {
        m[i]!.assign(ck.tensors[nw + i]!.tensor);
        v2[i]!.assign(ck.tensors[nw + vars.length + i]!.tensor);
      });
      tf.dispose(ck.tensors.map((t) => t.tensor));
      state = ck.state;
      hooks.onResume?.(state.epoch);
    }
  }
  const resumedFromEpoch = state.epoch;
  const total = epochs * stepsPerEpoch;

  for (let epoch = state.epoch; epoch < epochs; epoch++) {
    const started = performance.now();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let step = 0; step < stepsPerEpoch; step++) {
      const t = epoch * stepsPerEpoch + step;
      const lr = learningRateAt(t, total, options.learningRate, options.warmupSteps);
      const batch = renderPartsBatch(seed, 'train', t * batchSize, batchSize, imageSize);
      const [loss, hits] = tf.tidy(() => {
        const x = tf.tensor4d(batch.images, [batchSize, imageSize, imageSize, 3]);
        const labels = tf.tensor1d(batch.labels, 'int32');
        const y = tf.oneHot(labels, NUM_PARTS_CLASSES);
        let logits: tf.Tensor | null = null;
        const { value, grads } = tf.variableGrads(() => {
          logits = tf.keep(model.apply(x, { training: true }) as tf.Tensor);
          return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
        }, vars);
        const n = state.adamSteps + 1;
        const a = (lr * Math.sqrt(1 - BETA2 ** n)) / (1 - BETA1 ** n);
        vars.forEach((v, i) => {
          const g = grads[v.name]!;
          m[i]!.assign(tf.add(tf.mul(m[i]!, BETA1), tf.mul(g, 1 - BETA1)));
          v2[i]!.assign(tf.add(tf.mul(v2[i]!, BETA2), tf.mul(tf.square(g), 1 - BETA2)));
          let next = tf.sub(v, tf.mul(tf.div(m[i]!, tf.add(tf.sqrt(v2[i]!), EPSILON)), a));
          if (options.weightDecay > 0 && decayed.has(v.name)) next = tf.sub(next, tf.mul(v, lr * options.weightDecay));
          v.assign(next);
        });
        const hit = tf.sum(tf.cast(tf.equal(tf.argMax(logits!, 1), labels), 'int32'));
        (logits as tf.Tensor | null)?.dispose();
        return [value, hit];
      });
      state = { ...state, adamSteps: state.adamSteps + 1 };
      const [lv, hv] = await Promise.all([loss.data(), hits.data()]);
      tf.dispose([loss, hits]);
      lossSum += lv[0]! * batchSize;
      correct += hv[0]!;
      seen += batchSize;
      hooks.onStep?.({ epoch, epochs, step: step + 1, stepsPerEpoch, loss: lossSum / seen, accuracy: correct / seen, learningRate: lr });
    }
    const seconds = (performance.now() - started) / 1000;
    const record: EpochRecord = { epoch: epoch + 1, loss: lossSum / seen, accuracy: correct / seen, seconds };
    state = { ...state, epoch: epoch + 1, seconds: state.seconds + seconds, history: [...state.history, record] };
    if (hooks.checkpointDir) {
      const weights = model.getWeights();
      await saveCheckpoint(
        hooks.checkpointDir,
        [
          ...weights.map((tensor, i) => ({ name: `weight/${model.weights[i]!.originalName}`, tensor })),
          ...m.map((tensor, i) => ({ name: `adam_m/${vars[i]!.name}`, tensor })),
          ...v2.map((tensor, i) => ({ name: `adam_v/${vars[i]!.name}`, tensor })),
        ],
        state,
      );
    }
    hooks.onEpoch?.(record, { resumed: resumedFromEpoch > 0 });
  }
  tf.dispose([...m, ...v2]);
  return { model, history: state.history, seconds: state.seconds, resumedFromEpoch };
}

/**
 * "Precise BatchNorm": replaces every BatchNormalization layer's moving mean and variance by the average of the batch
 * statistics over `batches` training-mode forward passes (no gradients) on images `[offset, offset + batches·B)` of
 * stream `(seed, 'train')` — the images right after the ones trained on. During training the moving averages
 * (momentum 0.99) trail weights that are still changing; a 4-epoch ResNet scored 99.8% with batch statistics but
 * 93% with its moving averages. Running average: pass t uses momentum 1 − 1/t. The layers' momentum is restored, so
 * the saved model is unchanged but for the statistics. Returns the number of BatchNorm layers (0: nothing done).
 */
export function recalibrateBatchNorm(
  model: tfl.LayersModel,
  options: { seed: number; offset: number; batches: number; batchSize: number; imageSize: number },
): number {
  const bns = model.layers.filter((l) => l.getClassName() === 'BatchNormalization') as unknown as { momentum: number }[];
  if (bns.length === 0) return 0;
  const saved = bns.map((l) => l.momentum);
  const { seed, offset, batches, batchSize, imageSize } = options;
  try {
    for (let t = 1; t <= batches; t++) {
      for (const l of bns) l.momentum = 1 - 1 / t;
      const batch = renderPartsBatch(seed, 'train', offset + (t - 1) * batchSize, batchSize, imageSize);
      tf.tidy(() => {
        model.apply(tf.tensor4d(batch.images, [batchSize, imageSize, imageSize, 3]), { training: true });
      });
    }
  } finally {
    bns.forEach((l, i) => (l.momentum = saved[i]!));
  }
  return bns.length;
}

export interface Evaluation {
  readonly accuracy: number;
  readonly samples: number;
  /** `[true][predicted]` counts. */
  readonly confusion: number[][];
}

/** Accuracy and confusion matrix of `model` on samples `[offset, offset + count)` of stream `(seed, split)`. */
export async function evaluateModel(
  predict: (x: tf.Tensor4D) => tf.Tensor,
  options: { seed: number; split: string; count: number; offset?: number; imageSize: number; batchSize?: number },
): Promise<Evaluation> {
  const { seed, split, count, imageSize } = options;
  const batchSize = options.batchSize ?? 200;
  const confusion = Array.from({ length: NUM_PARTS_CLASSES }, () => new Array<number>(NUM_PARTS_CLASSES).fill(0));
  let correct = 0;
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const batch = renderPartsBatch(seed, split, (options.offset ?? 0) + start, n, imageSize);
    const pred = tf.tidy(() => tf.argMax(predict(tf.tensor4d(batch.images, [n, imageSize, imageSize, 3])), 1));
    const p = await pred.data();
    pred.dispose();
    for (let i = 0; i < n; i++) {
      confusion[batch.labels[i]!]![p[i]!]! += 1;
      if (p[i] === batch.labels[i]) correct++;
    }
  }
  return { accuracy: correct / count, samples: count, confusion };
}
