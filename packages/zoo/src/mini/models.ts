import type * as tfl from '@tensorflow/tfjs-layers';
import type { TrainOptions } from '../train/train.js';
import type { MiniOptions } from './common.js';
import { buildConvNeXtMini } from './convnext-mini.js';
import { buildDenseNetMini } from './densenet-mini.js';
import { buildResNetMini } from './resnet-mini.js';
import { buildVggMini } from './vgg-mini.js';

/** A recommended target layer of a mini model and why. */
export interface MiniTargetLayer {
  readonly layer: string;
  /** `[h, w, c]` for the 32×32 input. */
  readonly outputShape: readonly [number, number, number];
  /** The full-size layer of the paper it corresponds to (see PAPER_LAYERS), or the convention it follows. */
  readonly role: string;
}

/** One of the four mini models: its builder, its recommended layers and how `pnpm zoo:train` trains it. */
export interface MiniModelSpec {
  readonly id: MiniModelId;
  readonly family: 'vgg' | 'resnet' | 'densenet' | 'convnext';
  readonly description: string;
  readonly builder: string;
  readonly build: (options?: MiniOptions) => tfl.LayersModel;
  /** Best first; the first is the counterpart of the layer the paper used for this family. */
  readonly targetLayers: readonly MiniTargetLayer[];
  /** Training configuration (the seed comes from the command line; default {@link DEFAULT_TRAIN_SEED}). */
  readonly train: Omit<TrainOptions, 'seed'>;
}

export type MiniModelId = 'vgg_mini' | 'resnet_mini' | 'densenet_mini' | 'convnext_mini';

export const DEFAULT_TRAIN_SEED = 1;

const BASE = { imageSize: 32, warmupSteps: 50, weightDecay: 0 } as const;

/** The four mini models in training order. */
export const MINI_MODELS: readonly MiniModelSpec[] = [
  {
    id: 'vgg_mini',
    family: 'vgg',
    description: 'VGG-style plain conv stack: 3 blocks of two 3×3 convs (16, 32, 64; ReLU fused), max pooling, GAP, Dense 64, logits',
    builder: 'buildVggMini',
    build: buildVggMini,
    targetLayers: [
      { layer: 'block3_conv2', outputShape: [8, 8, 64], role: "last conv (VGG-19's block5_conv4, the paper's features[49] counterpart)" },
    ],
    train: { ...BASE, epochs: 8, stepsPerEpoch: 100, batchSize: 64, learningRate: 3e-3 },
  },
  {
    id: 'resnet_mini',
    family: 'resnet',
    description: 'ResNet-style residual net with BatchNorm: 3×3/2 stem, 3 basic blocks (32, 64 with stride 2 and a projection shortcut, 64), GAP, logits',
    builder: 'buildResNetMini',
    build: buildResNetMini,
    targetLayers: [
      { layer: 'conv3_block2_2_conv', outputShape: [8, 8, 64], role: "last block's last conv before BN/add/ReLU (ResNet-50's conv5_block3_3_conv, the paper's layer4[2].conv3)" },
      { layer: 'conv3_block2_out', outputShape: [8, 8, 64], role: 'last block output after the ReLU (the usual Grad-CAM layer)' },
    ],
    train: { ...BASE, epochs: 4, stepsPerEpoch: 100, batchSize: 64, learningRate: 3e-3 },
  },
  {
    id: 'densenet_mini',
    family: 'densenet',
    description: 'DenseNet-style net: 3×3/2 stem, dense blocks of 3 and 4 layers (growth 12) with a transition, final concatenation into BN/ReLU, GAP, logits',
    builder: 'buildDenseNetMini',
    build: buildDenseNetMini,
    targetLayers: [
      { layer: 'conv3_block4_2_conv', outputShape: [8, 8, 12], role: "sparse last conv: the last dense layer's 12 new channels (DenseNet-201's conv5_block32_2_conv, the paper's denselayer32.conv2)" },
      { layer: 'bn', outputShape: [8, 8, 78], role: "final norm over every channel of the last concatenation (DenseNet-201's bn, the paper's norm5; Table II)" },
    ],
    train: { ...BASE, epochs: 4, stepsPerEpoch: 100, batchSize: 64, learningRate: 3e-3 },
  },
  {
    id: 'convnext_mini',
    family: 'convnext',
    description: 'ConvNeXt-style net: 2×2/2 stem + LayerNorm, 2 blocks at 32 and 2 at 64 channels (7×7 depthwise conv, LayerNorm, GELU MLP, LayerScale, residual add), 2×2/2 downsampling, GAP, LayerNorm, logits',
    builder: 'buildConvNeXtMini',
    build: buildConvNeXtMini,
    targetLayers: [
      { layer: 'convnext_mini_stage_1_block_1_depthwise_conv', outputShape: [8, 8, 64], role: "last block's 7×7 depthwise conv (ConvNeXt's stage_3_block_2_depthwise_conv, the paper's features[7][2].block[0])" },
      { layer: 'convnext_mini_stage_1_block_1_add', outputShape: [8, 8, 64], role: 'last block output (residual add)' },
    ],
    train: { ...BASE, epochs: 8, stepsPerEpoch: 100, batchSize: 64, learningRate: 3e-3 },
  },
];

export function miniModel(id: string): MiniModelSpec {
  const m = MINI_MODELS.find((x) => x.id === id);
  if (!m) throw new RangeError(`unknown mini model '${id}' (known: ${MINI_MODELS.map((x) => x.id).join(', ')})`);
  return m;
}

/**
 * Folder of a shipped mini model (`packages/zoo/models/<id>/`, holding model.json, weights.bin, manifest.json and
 * confusion.json), as a file URL; in Node pass it to `fileURLToPath` and then to `loadModel`.
 */
export function miniModelDir(id: MiniModelId): URL {
  miniModel(id);
  return new URL(`../../models/${id}/`, import.meta.url);
}
