/** `@saliency/adapters/node`: the pieces that read and write files (they import `node:fs` when called). */
export * from './load.js';
export * from './save.js';
