/** `@saliency/method-case`: CASE and its contrast selectors. Side-effect free. */
export * from './case.js';
export * from './selectors/confusion-matrix.js';
export * from './selectors/top-logits.js';
export { numpyArgsort as argsortNumpy } from '@saliency/core';
export { confusionMatrixFromPredictions, computeConfusionMatrix, type ComputeConfusionOptions, type ComputedConfusionMatrix } from './util/confusion.js';
export { contrastsByCount, contrastsNumpy } from './util/contrast-order.js';
export { matrixFromRows, parseCsvMatrix, parseJsonMatrix, parseNpyMatrix, readMatrixFile, type ConfusionMatrix } from './util/matrix-file.js';
export { plugin } from './plugin.js';
