/**
 * `pnpm zoo:train`: trains the four mini models on the synthetic parts dataset and writes
 * `packages/zoo/models/<id>/{model.json, weights.bin, manifest.json, confusion.json}`.
 *
 *   pnpm zoo:train [--models vgg_mini,resnet_mini,...] [--seed 1] [--work-dir packages/zoo/.train]
 *                  [--out packages/zoo/models] [--fresh] [--backend wasm|cpu] [--test-images 2000]
 *                  [--epochs N] [--steps-per-epoch N]   (overrides for quick trials; recorded in the manifest)
 *
 * Seeded (weights, data order, evaluation), resumable (a checkpoint per epoch under --work-dir; rerunning the
 * same command continues where it stopped, and a finished model is not retrained unless --fresh), progress shown
 * (a bar on a TTY, one line per epoch otherwise). Runs on the wasm backend with the zoo's training kernels.
 */
import { mkdir, rm } from 'node:fs/promises';
import { writeFileAtomic } from '@saliency/core/node';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import cliProgress from 'cli-progress';
import { saveLayersModel, selectBackend, type BackendPreference } from '@saliency/adapters';
import {
  DEFAULT_TRAIN_SEED,
  MINI_MODELS,
  PARTS_CLASSES,
  PARTS_CLASS_NAMES,
  evaluateModel,
  miniModel,
  recalibrateBatchNorm,
  registerTrainingKernels,
  trainModel,
  type MiniModelManifest,
  type MiniModelSpec,
} from '../src/index.js';

const ZOO = fileURLToPath(new URL('..', import.meta.url));
/** Batches of "precise BatchNorm" statistics after training (see recalibrateBatchNorm). */
const BN_BATCHES = 50;
const ROOT = resolve(ZOO, '../..');

const { values } = parseArgs({
  options: {
    models: { type: 'string' },
    seed: { type: 'string' },
    'work-dir': { type: 'string' },
    out: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'wasm' },
    'test-images': { type: 'string', default: '2000' },
    'calibration-images': { type: 'string', default: '2000' },
    epochs: { type: 'string' },
    'steps-per-epoch': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function int(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer (got ${text})`);
  return n;
}

async function trainOne(spec: MiniModelSpec, seed: number, workDir: string, outDir: string, backend: string): Promise<string> {
  const dir = join(outDir, spec.id);
  const options = {
    ...spec.train,
    seed,
    ...(values.epochs === undefined ? {} : { epochs: int('epochs', values.epochs) }),
    ...(values['steps-per-epoch'] === undefined ? {} : { stepsPerEpoch: int('steps-per-epoch', values['steps-per-epoch']) }),
  };
  const total = options.epochs * options.stepsPerEpoch;
  const tty = process.stdout.isTTY === true;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: `${spec.id.padEnd(14)} {bar} {percentage}% | epoch {epoch}/{epochs} | loss {loss} | acc {acc} | ETA {eta_formatted}`, hideCursor: true, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let started = false;
  const startBar = (done: number) => {
    if (bar && !started) bar.start(total, done, { epoch: 0, epochs: options.epochs, loss: '-', acc: '-' });
    started = true;
  };
  const ckDir = join(workDir, spec.id);
  const result = await trainModel(spec.id, (s) => spec.build({ seed: s }), options, {
    checkpointDir: ckDir,
    onResume: (e) => {
      const line = `${spec.id}: resuming from the checkpoint after epoch ${e}/${options.epochs} (${relative(ROOT, ckDir)})`;
      if (bar) process.stdout.write(line + '\n');
      else console.log(line);
      startBar(e * options.stepsPerEpoch);
    },
    onStep: (s) => {
      startBar(0);
      bar?.update(s.epoch * s.stepsPerEpoch + s.step, { epoch: s.epoch + 1, epochs: s.epochs, loss: s.loss.toFixed(3), acc: s.accuracy.toFixed(3) });
    },
    onEpoch: (r) => {
      if (!bar) console.log(`${spec.id}: epoch ${r.epoch}/${options.epochs} loss ${r.loss.toFixed(4)} train-acc ${r.accuracy.toFixed(4)} (${r.seconds.toFixed(1)} s)`);
    },
  });
  bar?.stop();
  const model = result.model;
  const bnRecalibration = { split: 'train' as const, offset: total * options.batchSize, batches: BN_BATCHES, batchSize: options.batchSize };
  const bnLayers = recalibrateBatchNorm(model, { seed, imageSize: options.imageSize, ...bnRecalibration });
  const testImages = int('test-images', values['test-images']!);
  const calibrationImages = int('calibration-images', values['calibration-images']!);
  const predict = (x: tf.Tensor4D) => model.predict(x) as tf.Tensor;
  const test = await evaluateModel(predict, { seed, split: 'test', count: testImages, imageSize: options.imageSize });
  const calibration = await evaluateModel(predict, { seed, split: 'calibration', count: calibrationImages, imageSize: options.imageSize });
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await saveLayersModel(model, dir);
  const manifest: MiniModelManifest = {
    format: 'saliency-zoo-model/1',
    id: spec.id,
    family: spec.family,
    description: spec.description,
    builder: spec.builder,
    parameters: model.countParams(),
    inputShape: [options.imageSize, options.imageSize, 3],
    preprocessing: { colorSpace: 'RGB', range: [0, 1], description: 'RGB floats in [0, 1] (8-bit values / 255), NHWC; no mean/std normalisation' },
    output: 'logits',
    classes: PARTS_CLASS_NAMES,
    designedConfusers: PARTS_CLASSES.map((c) => c.confuser),
    targetLayers: spec.targetLayers,
    dataset: { id: 'synthetic-parts', imageSize: options.imageSize, seed, trainSplit: 'train', trainImages: total * options.batchSize, testSplit: 'test', calibrationSplit: 'calibration' },
    testAccuracy: test.accuracy,
    testImages: test.samples,
    confusionMatrix: { file: 'confusion.json', split: 'calibration', images: calibration.samples },
    training: {
      command: `pnpm zoo:train --models ${spec.id} --seed ${seed}${values.epochs === undefined ? '' : ` --epochs ${options.epochs}`}${values['steps-per-epoch'] === undefined ? '' : ` --steps-per-epoch ${options.stepsPerEpoch}`}`,
      seed,
      epochs: options.epochs,
      stepsPerEpoch: options.stepsPerEpoch,
      batchSize: options.batchSize,
      learningRate: options.learningRate,
      warmupSteps: options.warmupSteps,
      weightDecay: options.weightDecay,
      optimizer: 'Adam (β1 0.9, β2 0.999, ε 1e-7), linear warm-up then cosine decay, softmax cross-entropy',
      backend,
      tfjsVersion: tf.version_core,
      seconds: Math.round(result.seconds * 10) / 10,
      batchNormRecalibration: bnLayers ? bnRecalibration : null,
      history: result.history.map((h) => ({ ...h, seconds: Math.round(h.seconds * 10) / 10 })),
    },
  };
  // Atomic: a kill here leaves the previous files whole, and rerunning the command rewrites them from the checkpoint.
  await writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  await writeFileAtomic(join(dir, 'confusion.json'), JSON.stringify({ split: 'calibration', seed, images: calibration.samples, rows: 'true class', columns: 'predicted class', matrix: calibration.confusion }) + '\n');
  model.dispose();
  return `${spec.id}: test accuracy ${(100 * test.accuracy).toFixed(2)}% on ${test.samples} held-out images; ${result.seconds.toFixed(0)} s of training; ${relative(ROOT, dir)}`;
}

async function main(): Promise<void> {
  if (values.help) {
    console.log(fileURLToPath(import.meta.url).replace(ROOT + '/', ''), '— see the comment at the top of this file, or docs/zoo.md');
    return;
  }
  const seed = values.seed === undefined ? DEFAULT_TRAIN_SEED : int('seed', values.seed);
  const specs = values.models ? values.models.split(',').map((s) => miniModel(s.trim())) : MINI_MODELS;
  const workDir = resolve(values['work-dir'] ?? join(ZOO, '.train'), `seed-${seed}`);
  const outDir = resolve(values.out ?? join(ZOO, 'models'));
  if (values.fresh) for (const s of specs) await rm(join(workDir, s.id), { recursive: true, force: true });
  const backend = await selectBackend(values.backend as BackendPreference);
  const restore = registerTrainingKernels(backend.name);
  console.log(`zoo:train on ${backend.name} (tfjs ${tf.version_core}), seed ${seed}, models ${specs.map((s) => s.id).join(', ')}; checkpoints in ${relative(ROOT, workDir)}`);
  const lines: string[] = [];
  try {
    for (const spec of specs) lines.push(await trainOne(spec, seed, workDir, outDir, backend.name));
  } finally {
    restore();
  }
  console.log(lines.join('\n'));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    // The wasm backend's emscripten handlers would print its whole module on an uncaught error: print one line.
    console.error(`zoo:train failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
