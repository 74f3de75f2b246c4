// @saliency/zoo: model builders with the Keras applications' layer names, and the paper's target layers.
import { registerZooLayers } from './layers/register.js';

// Saved ConvNeXt models need LayerScale and Normalization registered before tf.loadLayersModel.
registerZooLayers();

export { ZOO_BUILDERS, type ZooArchitecture } from './architectures.js';
export { buildConvNeXtLarge } from './builders/convnext-large.js';
export { buildConvNeXtTiny } from './builders/convnext-tiny.js';
export { CONVNEXT_CONFIGS, type ConvNeXtOptions, type ConvNeXtVariant } from './builders/convnext.js';
export { buildDenseNet201, DENSENET201_BLOCKS } from './builders/densenet201.js';
export { buildResNet50 } from './builders/resnet50.js';
export { buildVGG19BN, VGG19_BN_TORCH_CLASSIFIER, VGG19_BN_TORCH_FEATURES } from './builders/vgg19-bn.js';
export { buildVGG19, VGG19_BLOCKS } from './builders/vgg19.js';
export { keras3LayerName } from './keras-names.js';
export {
  loadKerasWeights,
  type LoadKerasWeightsOptions,
  type LoadKerasWeightsReport,
} from './keras-weights.js';
export { LayerScale, type LayerScaleArgs } from './layers/layer-scale.js';
export { Normalization, type NormalizationArgs } from './layers/normalization.js';
export { registerZooLayers, ZOO_LAYER_CLASSES } from './layers/register.js';
export { type BuilderOptions, type WeightsMode, WeightInit, type Initializer } from './options.js';
export { PAPER_LAYERS, paperLayer, type PaperLayer } from './paper-layers.js';
export { plugin } from './plugin.js';

// The synthetic parts dataset, the mini models trained on it, and their training loop.
export { NUM_PARTS_CLASSES, PARTS_CLASSES, PARTS_CLASS_NAMES, designedConfuser, sharedParts, uniqueParts, type PartsClass } from './data/classes.js';
export { DECOY_COLOURS, PARTS, partByName, type PartDefinition, type PartShape, type Placement, type Rgb } from './data/parts.js';
export {
  SYNTHETIC_PARTS_DEFAULTS,
  classMaskName,
  createSyntheticPartsSource,
  labelOf,
  partMaskName,
  renderPartsBatch,
  renderPartsSample,
  sharedRegionMask,
  syntheticParts,
  uniqueRegionMask,
  type PartsSample,
  type SyntheticPartsOptions,
} from './data/synthetic-parts.js';
export { type MiniOptions } from './mini/common.js';
export { buildConvNeXtMini, CONVNEXT_MINI_LAYER_SCALE, CONVNEXT_MINI_STAGES } from './mini/convnext-mini.js';
export { buildDenseNetMini, DENSENET_MINI_BLOCKS, DENSENET_MINI_GROWTH } from './mini/densenet-mini.js';
export { DEFAULT_TRAIN_SEED, MINI_MODELS, miniModel, miniModelDir, type MiniModelId, type MiniModelSpec, type MiniTargetLayer } from './mini/models.js';
export { buildResNetMini, RESNET_MINI_STAGES } from './mini/resnet-mini.js';
export { buildVggMini, VGG_MINI_FILTERS } from './mini/vgg-mini.js';
export { loadCheckpoint, saveCheckpoint } from './train/checkpoint.js';
export { FAST_GRADIENTS, registerFastGradients } from './train/fast-gradients.js';
export { readMiniManifest, type MiniModelManifest } from './train/manifest.js';
export { evaluateModel, fingerprint, learningRateAt, recalibrateBatchNorm, trainModel, type EpochRecord, type Evaluation, type StepInfo, type TrainHooks, type TrainOptions, type TrainResult } from './train/train.js';
export { registerTrainingKernels, TRAINING_KERNELS, type TrainingKernel } from './train/wasm-kernels.js';
