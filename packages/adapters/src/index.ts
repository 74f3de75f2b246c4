/**
 * `@saliency/adapters`: ModelAdapters for TF.js LayersModels and GraphModels, model loading and saving without
 * tfjs-node, backend selection and the gradient-kernel fixes. Side-effect free: nothing registers at import, and
 * fs is imported only when a file is read or written (so the barrel also loads in a browser).
 */
export * from './adapters/graph-model.js';
export * from './adapters/layers-model.js';
export * from './backend.js';
export * from './fast-tile-grad.js';
export * from './load.js';
export * from './no-weight-grads.js';
export { plugin } from './plugin.js';
export * from './save.js';
export * from './util/class-gradients.js';
export * from './wasm-kernels.js';
export * from './wasm-tile.js';
