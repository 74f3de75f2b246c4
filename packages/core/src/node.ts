/** `@saliency/core/node`: Node-only pieces (plugin discovery in node_modules, atomic file writes). */
import type { PluginRegistry, RegisterOptions } from './di/container.js';
import { discoverPlugins, type DiscoverOptions, type DiscoveredPackage } from './discovery/discover.node.js';

export * from './discovery/discover.node.js';
export { writeFileAtomic } from './util/write-atomic.node.js';

/**
 * Discovers the plugin packages `root` depends on directly and registers each (skipping packages already
 * registered explicitly under the same npm name: an explicit list always wins).
 */
export async function registerDiscovered(registry: PluginRegistry, options: DiscoverOptions & Pick<RegisterOptions, 'override'>): Promise<DiscoveredPackage[]> {
  const found = await discoverPlugins(options);
  const explicit = new Set(registry.list().map((p) => p.packageName));
  const used = found.filter((p) => !explicit.has(p.name));
  for (const p of used) registry.register(p.plugin, { origin: p.origin, override: options.override });
  return used;
}
