import { Command, InvalidArgumentError, Option } from 'commander';
import { ALL_METHODS, DEFAULTS, QUICK, type BenchConfig } from './config.js';

const list = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);

function positiveInts(v: string): number[] {
  const xs = list(v).map(Number);
  if (!xs.length || xs.some((x) => !Number.isInteger(x) || x < 1)) throw new InvalidArgumentError('expected positive integers separated by commas');
  return xs;
}

function count(min: number): (v: string) => number {
  return (v) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return x;
  };
}

function methods(v: string): string[] {
  const xs = list(v);
  const bad = xs.filter((m) => !(ALL_METHODS as readonly string[]).includes(m));
  if (bad.length) throw new InvalidArgumentError(`unknown ${bad.join(', ')} (known: ${ALL_METHODS.join(', ')})`);
  return xs;
}

function channels(v: string): number | 'all' {
  return v === 'all' ? 'all' : count(1)(v);
}

/** Parses `pnpm bench` arguments (without `node` and the script) into a config; `--quick` sets a small preset. */
export function parseArgs(argv: readonly string[]): BenchConfig {
  const program = new Command('pnpm bench')
    .description('Times the body forward pass, every saliency method per map and the RQ1/RQ2 workload on full-size models (random weights, 224×224).')
    .addOption(new Option('--backend <name>', 'TF.js backend').choices(['auto', 'wasm', 'cpu', 'webgpu', 'tensorflow']).default(DEFAULTS.backend))
    .option('--models <ids>', `models (${DEFAULTS.models.join(',')})`, list)
    .option('--batches <sizes>', 'image batch sizes (default 1,8)', positiveInts)
    .option('--methods <ids>', `cases (${ALL_METHODS.join(',')})`, methods)
    .option('--k <counts>', 'CASE contrast counts, one case each (default 1,3)', positiveInts)
    .option('--runs <n>', `timed runs per case (default ${DEFAULTS.runs})`, count(1))
    .option('--warmup <n>', `untimed runs first (default ${DEFAULTS.warmup})`, count(0))
    .option('--score-cam-channels <n|all>', `Score-CAM channels per image; fewer than the layer has is a PARTIAL measurement, labelled so (default ${DEFAULTS.scoreCamChannels})`, channels)
    .option('--quick', 'ResNet-50, batch 1, body forward, Grad-CAM, CASE k=3, Ablation-CAM, RQ1 workload, 2 runs (under a minute on wasm)')
    .option('--json <file>', 'also write the results as JSON')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const o = program.parse([...argv], { from: 'user' }).opts<Record<string, unknown>>();
  const base = { ...DEFAULTS, ...(o.quick ? QUICK : {}) };
  const pick = <K extends keyof BenchConfig>(key: K): BenchConfig[K] => (o[key] ?? base[key]) as BenchConfig[K];
  return {
    backend: o.backend as string,
    models: pick('models'),
    batches: pick('batches'),
    methods: pick('methods'),
    ks: pick('ks') ?? base.ks,
    runs: pick('runs'),
    warmup: pick('warmup'),
    scoreCamChannels: pick('scoreCamChannels'),
    ...(o.json ? { json: o.json as string } : {}),
  };
}
