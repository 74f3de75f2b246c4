import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SaliencyError } from '@saliency/core';
import { createContext, useBackend, type GlobalOptions } from '../context.js';
import { printTable } from '../output.js';
import { verifyMethodCases } from '../verify/methods.js';
import { verifyMetricRecords } from '../verify/metrics.js';
import { verifyStats } from '../verify/stats.js';

interface MethodStats {
  cases: number;
  failed: number;
  maxAbsDiffFinal: number;
  maxAbsDiffRaw: number;
  maxRelDiffWeights?: number;
}

/**
 * `saliency verify --fixtures <dir>`: recomputes every reference case of a FORMAT.md fixture directory with the
 * registered plugins and compares within the documented tolerances. Works on any such directory.
 */
export function registerVerifyCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('verify')
    .description('recompute reference fixtures (pytorch-grad-cam / scipy outputs) and compare within tolerance')
    .requiredOption('-f, --fixtures <dir>', 'fixture directory in the oracle FORMAT.md layout')
    .option('--json', 'print the report as JSON')
    .action(async (o: { fixtures: string; json?: boolean }) => {
      if (!existsSync(join(o.fixtures, 'inputs.json')) && !existsSync(join(o.fixtures, 'stats.json'))) {
        throw new SaliencyError('SALIENCY_INVALID_CONFIG', `--fixtures ${o.fixtures}: no inputs.json or stats.json there (expected the FORMAT.md layout)`);
      }
      const g = globals();
      const ctx = await createContext(g);
      const backend = await useBackend(g, ctx.logger);
      const hasModels = existsSync(join(o.fixtures, 'inputs.json'));
      const report = hasModels ? await verifyMethodCases(o.fixtures, { backend }) : { models: [] };
      const metrics = hasModels ? await verifyMetricRecords(o.fixtures, ctx.registry) : undefined;
      const stats = existsSync(join(o.fixtures, 'stats.json')) ? await verifyStats(join(o.fixtures, 'stats.json')) : undefined;
      const byMethod: Record<string, MethodStats> = {};
      const failures: string[] = [];
      for (const m of report.models) {
        failures.push(...m.failures.map((f) => `${m.model}: ${f}`));
        for (const [name, s] of Object.entries(m.byMethod)) {
          const acc = (byMethod[name] ??= { cases: 0, failed: 0, maxAbsDiffFinal: 0, maxAbsDiffRaw: 0 });
          acc.cases += s.cases;
          acc.failed += s.failed;
          acc.maxAbsDiffFinal = Math.max(acc.maxAbsDiffFinal, s.maxAbsDiffFinal);
          acc.maxAbsDiffRaw = Math.max(acc.maxAbsDiffRaw, s.maxAbsDiffRaw);
          if (s.maxRelDiffWeights !== undefined) acc.maxRelDiffWeights = Math.max(acc.maxRelDiffWeights ?? 0, s.maxRelDiffWeights);
        }
      }
      failures.push(...(metrics?.failures ?? []), ...(stats?.failures ?? []));
      const metricChecks = (metrics?.models ?? []).flatMap((m) => Object.values(m.byCheck));
      const statChecks = Object.values(stats?.byTest ?? {});
      const cases = Object.values(byMethod).reduce((a, s) => a + s.cases, 0);
      const failed = Object.values(byMethod).reduce((a, s) => a + s.failed, 0);
      const allChecks = cases + metricChecks.reduce((a, c) => a + c.checked, 0) + statChecks.reduce((a, c) => a + c.cases, 0);
      const allFailed = failed + metricChecks.reduce((a, c) => a + c.failed, 0) + statChecks.reduce((a, c) => a + c.failed, 0);
      const out = { fixtures: o.fixtures, backend, cases, failed, byMethod, models: report.models, metrics: metrics?.models, stats: stats?.byTest, checks: allChecks, checksFailed: allFailed, failures };
      if (o.json) {
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      } else {
        for (const m of report.models) {
          process.stdout.write(`\nmodel ${m.model}\n`);
          printTable(
            ['method', 'cases', 'failed', 'max|Δ| final', 'max|Δ| raw', 'max rel Δ weights'],
            Object.entries(m.byMethod).map(([k, s]) => [k, String(s.cases), String(s.failed), s.maxAbsDiffFinal.toExponential(2), s.maxAbsDiffRaw.toExponential(2), s.maxRelDiffWeights?.toExponential(2) ?? '-']),
          );
        }
        for (const m of metrics?.models ?? []) {
          process.stdout.write(`\nmetrics on ${m.model} (from the recorded maps)\n`);
          printTable(['check', 'records', 'failed', 'tie-decided', 'max|Δ|'], Object.entries(m.byCheck).map(([k, c]) => [k, String(c.checked), String(c.failed), String(c.tieDecided), c.maxAbsDiff.toExponential(2)]));
        }
        if (stats) {
          process.stdout.write('\nstatistics (stats.json)\n');
          printTable(['test', 'calls', 'failed', 'max|Δ|', 'max rel Δ'], Object.entries(stats.byTest).map(([k, c]) => [k, String(c.cases), String(c.failed), c.maxAbsDiff.toExponential(2), c.maxRelDiff.toExponential(2)]));
        }
        for (const f of failures.slice(0, 20)) process.stdout.write(`FAIL ${f}\n`);
        process.stdout.write(`\nverify: ${allChecks - allFailed} passed, ${allFailed} failed\n`);
      }
      if (allFailed > 0) process.exitCode = 1;
    });
}
