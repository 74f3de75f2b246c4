/** Everything a bench run is told to do (the CLI parses into this). */
export interface BenchConfig {
  /** `auto` (native → wasm → cpu), `wasm`, `cpu`, `webgpu` or `tensorflow`. */
  readonly backend: string;
  readonly models: readonly string[];
  readonly batches: readonly number[];
  /** Case ids: `body-forward`, registered method ids, `workload-rq1`, `workload-rq1-rq2`. */
  readonly methods: readonly string[];
  /** CASE contrast counts (one case each). */
  readonly ks: readonly number[];
  readonly runs: number;
  readonly warmup: number;
  /** Score-CAM channels per image; fewer than C makes a partial measurement, labelled as such. */
  readonly scoreCamChannels: number | 'all';
  readonly json?: string;
}

export const ALL_METHODS = [
  'body-forward',
  'cam/grad-cam',
  'cam/grad-cam-plus-plus',
  'cam/layer-cam',
  'case/case',
  'cam/ablation-cam',
  'cam/score-cam',
  'workload-rq1',
  'workload-rq1-rq2',
] as const;

/** The methods of the RQ1/RQ2 workload: the paper's six minus Score-CAM, which is timed on its own (C forward passes). */
export const WORKLOAD_METHODS = ['cam/ablation-cam', 'cam/grad-cam', 'cam/grad-cam-plus-plus', 'cam/layer-cam', 'case/case'] as const;

export const DEFAULTS: BenchConfig = {
  backend: 'auto',
  models: ['resnet50', 'vgg19', 'densenet201', 'convnext_tiny'],
  batches: [1, 8],
  methods: ALL_METHODS,
  ks: [1, 3],
  runs: 3,
  warmup: 1,
  scoreCamChannels: 32,
};

/** `--quick`: ResNet-50 at batch 1, the cases of the acceptance ratios that run in seconds, two runs each. */
export const QUICK: Partial<BenchConfig> = {
  models: ['resnet50'],
  batches: [1],
  methods: ['body-forward', 'cam/grad-cam', 'case/case', 'cam/ablation-cam', 'workload-rq1'],
  ks: [3],
  runs: 2,
};
