/** `@saliency/bench`: the benchmark behind `pnpm bench` (private; `src/bin.ts` is the command). */
export * from './cases.js';
export * from './config.js';
export * from './measure.js';
export * from './models.js';
export * from './partial-split.js';
export * from './ratios.js';
export * from './report.js';
export * from './run.js';
export * from './stats.js';
export * from './workload.js';
