import { PluginRegistry, createLogger, type Logger, type PluginPackage } from '@saliency/core';
import { registerDiscovered, type DiscoveredPackage } from '@saliency/core/node';
import { plugin as adapters, selectBackend } from '@saliency/adapters';
import { plugin as methodCase } from '@saliency/method-case';
import { plugin as methodsCam } from '@saliency/methods-cam';
import { plugin as metrics } from '@saliency/metrics';

/** The first-party plugin packages the CLI always registers explicitly (an explicit list wins over discovery). */
export const FIRST_PARTY: readonly PluginPackage[] = [adapters, methodCase, methodsCam, metrics];

export interface CliContext {
  readonly registry: PluginRegistry;
  readonly discovered: readonly DiscoveredPackage[];
  readonly logger: Logger;
}

export interface GlobalOptions {
  readonly discovery: boolean;
  readonly root: string;
  readonly backend: string;
  readonly verbose?: boolean;
}

/** Registers first-party plugins, then (unless disabled) the plugin packages `root` depends on directly. */
export async function createContext(opts: GlobalOptions): Promise<CliContext> {
  const logger = createLogger(opts.verbose ? 'debug' : 'warn');
  const registry = new PluginRegistry();
  for (const p of FIRST_PARTY) registry.register(p);
  const discovered = opts.discovery ? await registerDiscovered(registry, { root: opts.root }) : [];
  return { registry, discovered, logger };
}

/** Selects the TF.js backend and says which one runs (stderr, so JSON on stdout stays clean). */
export async function useBackend(opts: GlobalOptions, logger: Logger): Promise<string> {
  const chosen = await selectBackend(opts.backend as Parameters<typeof selectBackend>[0]);
  logger.info(`backend: ${chosen.name}`);
  return chosen.name;
}
