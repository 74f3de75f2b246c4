import type { MiniTargetLayer } from '../mini/models.js';
import type { EpochRecord, TrainOptions } from './train.js';

/** `models/<id>/manifest.json`: what a shipped mini model is, takes, predicts and how it was made. */
export interface MiniModelManifest {
  readonly format: 'saliency-zoo-model/1';
  readonly id: string;
  readonly family: 'vgg' | 'resnet' | 'densenet' | 'convnext';
  readonly description: string;
  /** `@saliency/zoo` function that builds the architecture (random init). */
  readonly builder: string;
  readonly parameters: number;
  /** `[H, W, C]`, NHWC. */
  readonly inputShape: readonly [number, number, number];
  readonly preprocessing: {
    readonly colorSpace: 'RGB';
    /** Pixel values as floats in this range; no mean subtraction or scaling inside or outside the model. */
    readonly range: readonly [number, number];
    readonly description: string;
  };
  readonly output: 'logits';
  /** Class names by index. */
  readonly classes: readonly string[];
  /** Designed confuser per class index (the contrast the unique-evidence benchmark uses). */
  readonly designedConfusers: readonly number[];
  readonly targetLayers: readonly MiniTargetLayer[];
  readonly dataset: {
    readonly id: 'synthetic-parts';
    readonly imageSize: number;
    readonly seed: number;
    readonly trainSplit: 'train';
    readonly trainImages: number;
    readonly testSplit: 'test';
    readonly calibrationSplit: 'calibration';
  };
  /** Held-out accuracy on samples `[0, testImages)` of stream `(seed, 'test')`, disjoint from training. */
  readonly testAccuracy: number;
  readonly testImages: number;
  /** File (beside this one) holding the confusion matrix on the calibration split (rows true, columns predicted). */
  readonly confusionMatrix: { readonly file: 'confusion.json'; readonly split: 'calibration'; readonly images: number };
  /** The training options (the image size is `inputShape`'s), and how and where they ran. */
  readonly training: Omit<TrainOptions, 'imageSize'> & {
    readonly command: string;
    readonly optimizer: string;
    readonly backend: string;
    readonly tfjsVersion: string;
    readonly seconds: number;
    /** BatchNorm moving statistics re-estimated after training (null: the model has no BatchNorm). */
    readonly batchNormRecalibration: { readonly split: 'train'; readonly offset: number; readonly batches: number; readonly batchSize: number } | null;
    readonly history: readonly EpochRecord[];
  };
}

/** Reads `models/<id>/manifest.json`. */
export async function readMiniManifest(dir: string): Promise<MiniModelManifest> {
  const fs = await import('node:fs/promises');
  const p = await import('node:path');
  return JSON.parse(await fs.readFile(p.join(dir, 'manifest.json'), 'utf8')) as MiniModelManifest;
}
