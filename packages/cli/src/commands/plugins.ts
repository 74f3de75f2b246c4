import type { Command } from 'commander';
import type { RegisteredPlugin } from '@saliency/core';
import { createContext, type GlobalOptions } from '../context.js';
import { printTable } from '../output.js';

/** `saliency plugins list [--json]`: every registered plugin with its package, version and origin. */
export function registerPluginsCommand(program: Command, globals: () => GlobalOptions): void {
  const plugins = program.command('plugins').description('work with plugins');
  plugins
    .command('list')
    .description('list every registered plugin: qualified id, kind, package, version and where it came from')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const ctx = await createContext(globals());
      const rows = ctx.registry.list().map(describePlugin);
      if (o.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else printTable(['id', 'kind', 'package', 'version', 'origin'], rows.map((r) => [r.id, r.kind, r.package, r.version, r.origin]));
    });
}

export function describePlugin(p: RegisteredPlugin): { id: string; kind: string; package: string; version: string; origin: string; description: string } {
  return {
    id: p.qualifiedId,
    kind: p.kind,
    package: p.packageName,
    version: p.packageVersion,
    origin: p.origin.type === 'explicit' ? 'built-in' : `discovered: ${p.origin.packageDir}`,
    description: p.manifest.description,
  };
}
