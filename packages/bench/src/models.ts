import type * as tfl from '@tensorflow/tfjs-layers';
import { buildConvNeXtTiny, buildDenseNet201, buildResNet50, buildVGG19, paperLayer } from '@saliency/zoo';

/** A full-size architecture of the benchmark: random (seeded) weights, 224×224×3 input, 1000 linear logits. */
export interface BenchModel {
  /** `--models` id (the zoo's architecture id). */
  readonly id: string;
  readonly label: string;
  /** The paper's target layer for this architecture (`PAPER_LAYERS`). */
  readonly layer: string;
  build(): tfl.LayersModel;
}

// Seeded, so every run times the same weights; the speed of a forward pass does not depend on their values.
const SEED = 1;

export const BENCH_MODELS: readonly BenchModel[] = [
  { id: 'resnet50', label: 'ResNet-50', layer: paperLayer('resnet50').layer, build: () => buildResNet50({ seed: SEED }) },
  { id: 'vgg19', label: 'VGG-19', layer: paperLayer('vgg19').layer, build: () => buildVGG19({ seed: SEED }) },
  { id: 'densenet201', label: 'DenseNet-201', layer: paperLayer('densenet201').layer, build: () => buildDenseNet201({ seed: SEED }) },
  { id: 'convnext_tiny', label: 'ConvNeXt-Tiny', layer: paperLayer('convnext_tiny').layer, build: () => buildConvNeXtTiny({ seed: SEED }) },
];

/** The models with these ids, in the given order; throws naming the known ids for an unknown one. */
export function benchModels(ids: readonly string[]): BenchModel[] {
  return ids.map((id) => {
    const m = BENCH_MODELS.find((x) => x.id === id);
    if (!m) throw new RangeError(`unknown model "${id}" (known: ${BENCH_MODELS.map((x) => x.id).join(', ')})`);
    return m;
  });
}
