import { definePluginPackage } from '@saliency/core';
import pkg from '../package.json' with { type: 'json' };
import { graphModel } from './adapters/graph-model.js';
import { layersModel } from './adapters/layers-model.js';

/** The plugin package: one sorted line per manifest. Nothing registers at import time. */
export const plugin = definePluginPackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'adapters', apiVersion: 1 },
  plugins: [graphModel, layersModel], // sorted
});

export default plugin;
