/** `@saliency/core`: interfaces, manifests, DI registry, option validation, the composer and tensor helpers. */
export * from './composer/compose.js';
export * from './composer/targets.js';
export * from './di/container.js';
export * from './di/registry-entry.js';
export * from './di/tokens.js';
export * from './errors.js';
export * from './interfaces/contrast-selector.js';
export * from './interfaces/dataset-source.js';
export * from './interfaces/metric.js';
export * from './interfaces/model-adapter.js';
export * from './interfaces/saliency-method.js';
export * from './interfaces/services.js';
export * from './manifest.js';
export * from './options/validate.js';
export * from './services.js';
export * from './tensor/cam-math.js';
export * from './util/numpy-argsort.js';
