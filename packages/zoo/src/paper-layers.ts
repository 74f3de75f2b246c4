import type { ZooArchitecture } from './architectures.js';

/** A layer the CASE paper's code hooked, mapped to the Keras-named layer of this package's builder. */
export interface PaperLayer {
  /** `<architecture>` for the RQ1 attribution layer, `<architecture>/<variant>` for the others. */
  readonly id: string;
  readonly architecture: ZooArchitecture;
  /** The torchvision model and module the paper's code used (ALGORITHMS.md §6.1, §5). */
  readonly torchvision: string;
  /** Where it was used. */
  readonly usedFor: string;
  /** Whether the paper used this architecture (false: our nearest equivalent in a model the paper did not use). */
  readonly inPaper: boolean;
  /** Layer name in the model our builder returns. */
  readonly layer: string;
  /** Output shape of `layer` for a 224×224 input, channels last `[h, w, c]` (torchvision's is `c×h×w`). */
  readonly outputShape: readonly [number, number, number];
  /** Why `layer` is the counterpart, in one line. */
  readonly reason: string;
}

export const PAPER_LAYERS: readonly PaperLayer[] = [
  {
    id: 'resnet50', architecture: 'resnet50', torchvision: 'resnet50: layer4[2].conv3', inPaper: true,
    usedFor: 'attribution layer of every experiment (target_layers[-1]); channel analyses (§5)',
    layer: 'conv5_block3_3_conv', outputShape: [7, 7, 2048],
    reason: 'last bottleneck\'s 1×1 expansion conv, read before its BN (`conv5_block3_3_bn`), the add and the ReLU; Keras\'s conv has a bias, torchvision\'s not',
  },
  {
    id: 'vgg19_bn', architecture: 'vgg19_bn', torchvision: 'vgg19_bn: features[49]', inPaper: true,
    usedFor: 'attribution layer of every experiment (target_layers[-1])',
    layer: 'block5_conv4', outputShape: [14, 14, 512],
    reason: 'features[49] is the 16th and last 3×3 conv, before its BN (block5_bn4) and ReLU; one layer per torchvision module',
  },
  {
    id: 'vgg19_bn/features[-1]', architecture: 'vgg19_bn', torchvision: 'vgg19_bn: features[-1] (= features[52])', inPaper: true,
    usedFor: 'channel analyses (ALGORITHMS.md §5.1, §5.3), not the RQ1 layer',
    layer: 'block5_pool', outputShape: [7, 7, 512],
    reason: 'features[52] is the final MaxPool after block5_relu4, the last module of features',
  },
  {
    id: 'vgg19', architecture: 'vgg19', torchvision: 'vgg19_bn: features[49] (no BN model was used)', inPaper: false,
    usedFor: 'nearest counterpart in Keras\'s plain VGG19',
    layer: 'block5_conv4', outputShape: [14, 14, 512],
    reason: 'same last 3×3 conv, but Keras fuses the ReLU into the conv and has no BN, so its output is post-ReLU',
  },
  {
    id: 'densenet201', architecture: 'densenet201', torchvision: 'densenet201: features.denseblock4.denselayer32.conv2', inPaper: true,
    usedFor: 'attribution layer of every experiment (target_layers[-1]); channel overlap (§5.3)',
    layer: 'conv5_block32_2_conv', outputShape: [7, 7, 32],
    reason: 'the last dense layer\'s 3×3 conv (128→32 growth channels), before `conv5_block32_concat` joins it to the block',
  },
  {
    id: 'densenet201/norm5', architecture: 'densenet201', torchvision: 'densenet201: features.norm5', inPaper: true,
    usedFor: 'Table II and channel activity (§5.1)',
    layer: 'bn', outputShape: [7, 7, 1920],
    reason: 'the final BatchNorm over all 1920 channels, before the last ReLU (`relu`) and the pooling',
  },
  {
    id: 'convnext_large', architecture: 'convnext_large', torchvision: 'convnext_large: features[7][2].block[0]', inPaper: true,
    usedFor: 'attribution layer of every experiment (target_layers[-1]); channel analyses (§5)',
    layer: 'convnext_large_stage_3_block_2_depthwise_conv', outputShape: [7, 7, 1536],
    reason: 'features[7] is stage 3, [2] its last block, block[0] its 7×7 depthwise conv, before LayerNorm, MLP, layer scale and residual',
  },
  {
    id: 'convnext_tiny', architecture: 'convnext_tiny', torchvision: 'convnext_tiny: features[7][2].block[0]', inPaper: false,
    usedFor: 'the ConvNeXt-Large layer at the same position in the smaller model',
    layer: 'convnext_tiny_stage_3_block_2_depthwise_conv', outputShape: [7, 7, 768],
    reason: 'stage 3 also ends with block 2 in ConvNeXt-Tiny (depths 3, 3, 9, 3); its 7×7 depthwise conv, before LayerNorm',
  },
];

/** The entry with this id; throws with the list of ids if there is none. */
export function paperLayer(id: string): PaperLayer {
  const found = PAPER_LAYERS.find((p) => p.id === id);
  if (found === undefined) {
    throw new RangeError(`paperLayer: unknown id '${id}' (known: ${PAPER_LAYERS.map((p) => p.id).join(', ')})`);
  }
  return found;
}
