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
