import type { PluginRef } from '@saliency/core';

/** `[r, g, b]` per-channel values. */
export type Triple = readonly [number, number, number];

/**
 * How a decoded 8-bit RGB image becomes model input, in this order: resize the short side (PIL `Resize(n)`),
 * centre crop (round-half-even offsets, torchvision `CenterCrop`), resize to an exact size, then
 * `x = (pixel/255 · scale − mean) / std`. Unset steps are skipped; the result must match the model's input size.
 */
export interface PreprocessingSpec {
  readonly resizeShortSide?: number;
  readonly crop?: readonly [number, number];
  readonly size?: readonly [number, number];
  /** Antialiased (PIL-style, support widened by the scale factor) when downscaling; default true. */
  readonly antialias?: boolean;
  readonly scale?: number;
  readonly mean?: Triple;
  readonly std?: Triple;
}

/** Named presets: `imagenet` (256 → crop 224, ImageNet mean/std), `cifar100` (224, the CIFAR fine-tuning stats), `unit` ([0, 1]). */
export type PreprocessingPreset = 'imagenet' | 'cifar100' | 'unit';

export interface ModelSpec {
  /** A model shipped in `@saliency/zoo` (its id, e.g. `vgg-mini`); exclusive with `path`. */
  readonly zoo?: string;
  /** A TF.js `model.json` (or its folder); exclusive with `zoo`. */
  readonly path?: string;
  /** Name in the tables (default: the zoo id or the model folder's name). */
  readonly id?: string;
  /** Target layers: the first gives Tables I and III, a second one Table II (default: the zoo's recommendation). */
  readonly layers?: readonly string[];
  /** Default: the zoo manifest's, else `unit`. */
  readonly preprocessing?: PreprocessingPreset | PreprocessingSpec;
  /** Overrides the study's backend for this model. */
  readonly backend?: Backend;
  /**
   * The confusion matrix `case/confusion-matrix` reads for this model (when its options give none): a file (JSON,
   * CSV or .npy; rows = true class), or `calibration` to count it on the study's calibration split. Default: the
   * matrix a zoo model ships (its own held-out calibration stream), else `calibration`.
   */
  readonly confusionMatrix?: string;
}

export type Backend = 'auto' | 'wasm' | 'cpu' | 'tensorflow' | 'webgpu';

export interface DatasetSpec {
  /** A dataset-source plugin, e.g. `datasets/cifar-100` or `['datasets/image-folder', {path: 'imgs'}]`. */
  readonly source: PluginRef;
}

export interface SamplingSpec {
  /** Images per model (after the correctness filter). */
  readonly images?: number;
  /** Keep only images the model classifies correctly (the paper); parity `reference-code`: false. */
  readonly correctOnly?: boolean;
  /** Images held out (disjoint from the sample) to compute confusion matrices on. */
  readonly calibration?: number;
  readonly batchSize?: number;
}

export interface ContrastSpec {
  /** Default `case/confusion-matrix`, computed on the calibration split unless the options give a matrix. */
  readonly selector?: PluginRef;
  /** Contrast classes per image (default 1, as the authors' experiments). */
  readonly k?: number;
  /** Confusion-matrix tie order: `count-then-index` (default) or `numpy` (zeroed diagonal, numpy order; parity). */
  readonly order?: 'count-then-index' | 'numpy';
}

export type TieOrder = 'value-then-index' | 'numpy';

export interface AgreementSpec { readonly kPercent?: number; readonly tieOrder?: TieOrder }
export interface ConfidenceDropSpec {
  readonly kPercent?: number;
  readonly replacement?: 'zero' | 'blur';
  readonly tieOrder?: TieOrder;
  /** Replace the salient set mirrored across the diagonal, as the authors' code (parity: true). */
  readonly legacyTransposedMask?: boolean;
  /** The method every other is tested against (Table III); default `case/case`. */
  readonly reference?: string;
}
export interface ChannelActivitySpec { readonly tau?: number; readonly extraTaus?: readonly number[]; readonly topChannels?: number }
export interface GroundTruthSpec {
  readonly metric?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  /** The contrast class v: the selector's (what CASE contrasted with; default) or the zoo's designed confuser. */
  readonly contrast?: 'selector' | 'designed';
}

/** Which measures run; `false` turns one off. Ground truth runs only when the dataset has masks. */
export interface MetricsSpec {
  readonly agreement?: AgreementSpec | false;
  readonly confidenceDrop?: ConfidenceDropSpec | false;
  readonly channelActivity?: ChannelActivitySpec | false;
  readonly groundTruth?: GroundTruthSpec | false;
}

export type Alternative = 'less' | 'greater' | 'two-sided';

export interface StatisticsSpec {
  /** RQ1 H0: median agreement ≥ threshold, in percent, in (0, 100); default 50 (parity: 70). */
  readonly threshold?: number;
  /** RQ1 alternative (default `less`: agreement below the threshold). */
  readonly alternative?: Alternative;
  readonly correction?: 'holm' | 'none';
  readonly alpha?: number;
  readonly confidenceLevel?: number;
  /** Round agreement to 2 dp and Average Drop to 6 dp before the tests (parity: true). */
  readonly roundBeforeTests?: boolean;
}

export interface OutputsSpec {
  /** Images per model in the report's image grids. */
  readonly gridImages?: number;
  readonly report?: boolean;
}

export interface PluginsSpec {
  /**
   * Load the plugin packages the project depends on directly (`saliency run`; default true). `false` here or the
   * CLI's `--no-discovery` turns it off. In code, the registry passed to `runStudy` decides.
   */
  readonly discovery?: boolean;
}

/** A whole study: the object a config file parses into, or one built in code with {@link defineStudy}. */
export interface StudyConfig {
  readonly name?: string;
  readonly description?: string;
  readonly seed?: number;
  /** `reference-code` sets every ALGORITHMS.md §10 parity value at once; explicit settings still win. */
  readonly parity?: 'default' | 'reference-code';
  readonly backend?: Backend;
  readonly models: readonly ModelSpec[];
  readonly dataset: DatasetSpec;
  readonly sampling?: SamplingSpec;
  readonly methods: readonly PluginRef[];
  readonly contrast?: ContrastSpec;
  readonly metrics?: MetricsSpec;
  readonly statistics?: StatisticsSpec;
  readonly outputs?: OutputsSpec;
  readonly plugins?: PluginsSpec;
}

/** Types a study built in code (the same object a config file holds); validation happens in `runStudy`. */
export function defineStudy<const C extends StudyConfig>(config: C): C {
  return config;
}
