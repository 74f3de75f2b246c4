/** `@saliency/metrics`: feature agreement (RQ1), confidence drop (RQ2) and channel activity, plus their helpers. */
export * from './metrics/channel-activity.js';
export * from './metrics/confidence-drop.js';
export * from './metrics/feature-agreement.js';
export * from './metrics/unique-evidence.js';
export * from './util/activity-kde.js';
export * from './util/blur.js';
export * from './util/channel-activity.js';
export * from './util/top-k.js';
export { plugin } from './plugin.js';
