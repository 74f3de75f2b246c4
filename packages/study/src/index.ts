/**
 * `@saliency/study`: config-driven studies of saliency methods (the CASE paper's RQ1, RQ2, channel activity and
 * layer ablation), resumable per-image results, statistics and a self-contained HTML report.
 */
export * from './config/types.js';
export { studySchema } from './config/schema.js';
export { resolveSettings, type StudySettings } from './config/settings.js';
export { loadStudyConfig, validateStudyConfig } from './config/validate.js';
export { defaultStudyConfig } from './config/default-study.js';
export { PRESETS, resolvePreprocessing, applyPreprocessing, type Preprocessing } from './data/preprocess.js';
export { resizeRgbPil, roundHalfEven } from './data/resize.js';
export { decodeImage, encodePng, readImageFile, type RgbImage } from './data/decode.js';
export { maskImage, turboOverlay } from './report/colormap.js';
export { planIndices, selectImages, type IndexPlan, type SelectedImage } from './data/sampling.js';
export { imageFolder, type ImageFolderOptions } from './data/image-folder.js';
export { cifar100, type Cifar100Options } from './data/cifar100.js';
export { listZooModels, findZooModel, type ZooModel } from './zoo/zoo-models.js';
export { prepareStudy, type PreparedStudy } from './preflight/preflight.js';
export { runStudy, type RunStudyOptions, type StudyResult } from './run/run-study.js';
export { readRows, rowKey, ResultsLog, type ResultRow } from './run/results-log.js';
export type { StudyEvent, StudyEventHandler } from './run/events.js';
export type { StudySummary } from './analysis/summary.js';
export { progressReporter } from './progress.js';
export { createStudyRegistry, ensureStudyPlugins, STUDY_PLUGINS } from './registry.js';
export { plugin } from './plugin.js';
