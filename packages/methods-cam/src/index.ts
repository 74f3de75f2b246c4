/** `@saliency/methods-cam`: the CAM pipeline and the five pytorch-grad-cam baselines. Side-effect free. */
export * from './cam-pipeline.js';
export * from './methods/ablation-cam.js';
export * from './methods/grad-cam.js';
export * from './methods/grad-cam-plus-plus.js';
export * from './methods/layer-cam.js';
export * from './methods/score-cam.js';
export { plugin } from './plugin.js';
