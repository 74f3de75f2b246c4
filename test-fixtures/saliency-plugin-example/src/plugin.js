import { definePluginPackage } from '@saliency/core';
import { hiResCam } from './hi-res-cam.js';

export const plugin = definePluginPackage({
  meta: { name: 'saliency-plugin-example', version: '1.2.3', namespace: 'example', apiVersion: 1 },
  plugins: [hiResCam],
});
