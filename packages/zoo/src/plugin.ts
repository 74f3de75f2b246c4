import { definePluginPackage } from '@saliency/core';
import { syntheticParts } from './data/synthetic-parts.js';

/**
 * The `@saliency/zoo` plugin package: the synthetic parts dataset as `zoo/synthetic-parts` (the models are files,
 * not plugins). Register it with `registry.register(plugin)`; nothing registers on import.
 */
export const plugin = definePluginPackage({
  meta: { name: '@saliency/zoo', version: '0.1.0', namespace: 'zoo', apiVersion: 1 },
  plugins: [
    syntheticParts,
  ],
});

export default plugin;
