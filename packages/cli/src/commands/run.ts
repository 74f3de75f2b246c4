import type { Command } from 'commander';
import { isSaliencyError, SaliencyError } from '@saliency/core';
import { defaultStudyConfig, loadStudyConfig, progressReporter, runStudy, type Backend } from '@saliency/study';
import { createContext, type GlobalOptions } from '../context.js';

interface RunOptions {
  resume?: boolean;
  out?: string;
  images?: string;
  seed?: string;
}

function positiveInt(v: string | undefined, flag: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > 0xffffffff) throw new SaliencyError('SALIENCY_INVALID_CONFIG', `${flag} must be an integer ≥ ${min} (got ${v})`);
  return n;
}

/**
 * `saliency run [config]`: a whole study (RQ1, RQ2, channel activity, layer ablation) from a JSON/YAML config, or
 * the embedded default on the shipped zoo. Ctrl-C stops after the current batch; `--resume` continues.
 */
export function registerRunCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('run')
    .description('run a study from a JSON/YAML config (default: the paper\'s study on the shipped zoo) and write summary.json, tables.md, results.csv, report.html')
    .argument('[config]', 'study config (.json, .yaml, .yml); omitted: the embedded default study')
    .option('--resume', 'continue an interrupted run (the newest runs/<name>-* folder, or --out)')
    .option('-o, --out <dir>', 'run folder (default runs/<config name>-<timestamp>/)')
    .option('--images <n>', 'images per model (overrides sampling.images)')
    .option('--seed <s>', 'random seed (overrides seed)')
    .action(async (file: string | undefined, o: RunOptions) => {
      const g = globals();
      const images = positiveInt(o.images, '--images', 1);
      const seed = positiveInt(o.seed, '--seed', 0);
      const loaded = file ? await loadStudyConfig(file) : await defaultStudyConfig();
      // An explicit --backend wins over the config's; the global default 'auto' leaves the config alone.
      const withBackend = program.getOptionValueSource('backend') === 'cli' ? { ...loaded, backend: g.backend as Backend } : loaded;
      // Discovery runs only if neither --no-discovery nor the config's plugins.discovery turns it off; the summary
      // records what was in force.
      const discovery = g.discovery && loaded.plugins?.discovery !== false;
      const config = discovery === (loaded.plugins?.discovery ?? true) ? withBackend : { ...withBackend, plugins: { ...loaded.plugins, discovery } };
      const ctx = await createContext({ ...g, discovery });
      const controller = new AbortController();
      const reporter = progressReporter({ tty: !!process.stderr.isTTY });
      let interrupts = 0;
      const onSigint = () => {
        interrupts += 1;
        if (interrupts > 1) process.exit(130);
        reporter.stop();
        process.stderr.write('\nstopping after the current batch (Ctrl-C again to quit at once)\n');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const r = await runStudy(config, {
          registry: ctx.registry, logger: ctx.logger, outDir: o.out, resume: o.resume ?? false, signal: controller.signal, onEvent: reporter.onEvent,
          ...(images !== undefined ? { images } : {}), ...(seed !== undefined ? { seed } : {}),
        }).catch((e: unknown) => {
          // Checks after parsing (plugins, models, layers) name a key path; say which file it is in, as parsing does.
          if (file && isSaliencyError(e) && e.message.startsWith('config')) throw new SaliencyError(e.code, `${file}: ${e.message}`, e.details, { cause: e });
          throw e;
        });
        if (!r.completed) {
          process.exitCode = 130;
          return;
        }
        process.stdout.write(r.files.map((f) => `${f}\n`).join(''));
      } finally {
        reporter.stop();
        process.off('SIGINT', onSigint);
      }
    });
}
