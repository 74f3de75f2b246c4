/** `@saliency/core/testing`: the conformance kit plugin authors run in their own tests (needs vitest). */
export * from './adapter-conformance.js';
export * from './conformance.js';
export * from './leaks.js';
export * from './toy-split.js';
