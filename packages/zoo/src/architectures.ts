import type * as tfl from '@tensorflow/tfjs-layers';
import type { BuilderOptions } from './options.js';
import { buildConvNeXtLarge } from './builders/convnext-large.js';
import { buildConvNeXtTiny } from './builders/convnext-tiny.js';
import { buildDenseNet201 } from './builders/densenet201.js';
import { buildResNet50 } from './builders/resnet50.js';
import { buildVGG19 } from './builders/vgg19.js';
import { buildVGG19BN } from './builders/vgg19-bn.js';

/** Every builder of the zoo by architecture id (the Keras/torchvision model name). */
export const ZOO_BUILDERS = {
  convnext_large: buildConvNeXtLarge,
  convnext_tiny: buildConvNeXtTiny,
  densenet201: buildDenseNet201,
  resnet50: buildResNet50,
  vgg19: buildVGG19,
  vgg19_bn: buildVGG19BN,
} as const satisfies Record<string, (options?: BuilderOptions) => tfl.LayersModel>;

export type ZooArchitecture = keyof typeof ZOO_BUILDERS;
