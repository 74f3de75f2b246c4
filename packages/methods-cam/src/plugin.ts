import { definePluginPackage } from '@saliency/core';
import { ablationCam } from './methods/ablation-cam.js';
import { gradCam } from './methods/grad-cam.js';
import { gradCamPlusPlus } from './methods/grad-cam-plus-plus.js';
import { layerCam } from './methods/layer-cam.js';
import { scoreCam } from './methods/score-cam.js';

/** The plugin package of `@saliency/methods-cam` (namespace `cam`). One line per method, sorted by id. */
export const plugin = definePluginPackage({
  meta: { name: '@saliency/methods-cam', version: '0.1.0', namespace: 'cam', apiVersion: 1 },
  plugins: [
    ablationCam,
    gradCam,
    gradCamPlusPlus,
    layerCam,
    scoreCam,
  ],
});

export default plugin;
