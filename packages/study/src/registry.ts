import { PluginRegistry, type PluginPackage } from '@saliency/core';
import { plugin as adapters } from '@saliency/adapters';
import { plugin as methodCase } from '@saliency/method-case';
import { plugin as methodsCam } from '@saliency/methods-cam';
import { plugin as metrics } from '@saliency/metrics';
import { plugin as datasets } from './plugin.js';

/** The first-party plugin packages a study needs: adapters, the six methods, the selectors, metrics, datasets. */
export const STUDY_PLUGINS: readonly PluginPackage[] = [adapters, datasets, methodCase, methodsCam, metrics];

/**
 * Registers each first-party package the registry lacks (by npm name), so a registry made by the CLI (with
 * discovery) or by a library user (with their own plugins) works as it is.
 */
export function ensureStudyPlugins(registry: PluginRegistry, extra: readonly PluginPackage[] = []): PluginRegistry {
  const have = new Set(registry.list().map((p) => p.packageName));
  for (const p of [...STUDY_PLUGINS, ...extra]) {
    if (!have.has(p.meta.name)) registry.register(p);
    have.add(p.meta.name);
  }
  return registry;
}

/** A fresh registry with the first-party plugins and `extra` (third-party packages) registered explicitly. */
export function createStudyRegistry(extra: readonly PluginPackage[] = []): PluginRegistry {
  return ensureStudyPlugins(new PluginRegistry(), extra);
}
