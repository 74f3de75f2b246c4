import { definePluginPackage } from '@saliency/core';
import pkg from '../package.json' with { type: 'json' };
import { cifar100 } from './data/cifar100.js';
import { imageFolder } from './data/image-folder.js';

/** The study package's dataset sources, namespace `datasets`: one sorted line per manifest. */
export const plugin = definePluginPackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'datasets', apiVersion: 1 },
  plugins: [cifar100, imageFolder], // sorted
});

export default plugin;
