/** `@saliency/cli` as a library: run the CLI in-process. */
export { buildProgram, main, reportError } from './main.js';
export { createContext, FIRST_PARTY } from './context.js';
