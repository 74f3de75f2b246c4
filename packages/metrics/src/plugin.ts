import { definePluginPackage } from '@saliency/core';
import { channelActivity } from './metrics/channel-activity.js';
import { confidenceDrop } from './metrics/confidence-drop.js';
import { featureAgreement } from './metrics/feature-agreement.js';
import { uniqueEvidence } from './metrics/unique-evidence.js';

/** The `@saliency/metrics` plugin package: register it with `registry.register(plugin)` (nothing registers on import). */
export const plugin = definePluginPackage({
  meta: { name: '@saliency/metrics', version: '0.1.0', namespace: 'metrics', apiVersion: 1 },
  plugins: [
    channelActivity,
    confidenceDrop,
    featureAgreement,
    uniqueEvidence,
  ],
});

export default plugin;
