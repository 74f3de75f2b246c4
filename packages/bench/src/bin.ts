/**
 * `pnpm bench [options]`: see `--help`. Prints each row as it is measured (stderr), then the results and the
 * issue-7 acceptance ratios (stdout); `--json <file>` also writes them. Not part of `pnpm test`.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from './cli.js';
import { acceptanceRatios } from './ratios.js';
import { caseLabel, ratiosTable, resultsTable } from './report.js';
import { runBench, type BenchReport } from './run.js';

async function main(): Promise<void> {
  const config = parseArgs(process.argv.slice(2));
  const started = performance.now();
  process.stderr.write(`bench: ${config.models.join(', ')} at batch ${config.batches.join(', ')}, backend ${config.backend}\n`);
  // Rewritten after every row, so a run stopped by a time limit still leaves what it measured (`complete: false`).
  const save = async (report: BenchReport, complete: boolean): Promise<void> => {
    if (config.json) await writeFile(config.json, `${JSON.stringify({ ...report, ratios: acceptanceRatios(report.results), complete }, null, 2)}\n`);
  };
  const report = await runBench(config, {
    onResult: async (r, soFar) => {
      const ms = (v: number): string => v.toFixed(0);
      const spread = `min ${ms(r.minMs)}, max ${ms(r.maxMs)}, ${r.runs} runs`;
      process.stderr.write(`${r.model} ${caseLabel(r)} batch ${r.batch}: median ${ms(r.medianMs)} ms (${spread}), peak RSS ${ms(r.peakRssMB)} MB\n`);
      await save(soFar, false);
    },
    onProgress: (soFar) => save(soFar, false),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  await save(report, true);
  const ratios = acceptanceRatios(report.results);
  const m = report.machine;
  const gpu = m.gpu ? `; GPU ${Object.values(m.gpu).join(' ')}` : '';
  const where = `${m.cpu} (${m.cores} cores, ${m.memoryGB} GB)${gpu}; node ${report.versions.node}, tfjs ${report.versions['tfjs-core']}`;
  process.stdout.write(`backend ${report.backend}; ${where}\n\n`);
  process.stdout.write(`${resultsTable(report.results)}\n\n${ratiosTable(ratios)}\n`);
  process.stdout.write(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

// Caught here, so the wasm backend's uncaughtException handler never prints its minified source.
main().then(
  () => process.exit(0),
  (e: unknown) => {
    const err = e as { code?: string; message?: string; exitCode?: number };
    if (err.code?.startsWith('commander.')) process.exit(err.exitCode ?? 1);
    process.stderr.write(`bench: ${err.code && !err.code.startsWith('commander') ? `${err.code}: ` : ''}${err.message ?? String(e)}\n`);
    process.exit(1);
  },
);
