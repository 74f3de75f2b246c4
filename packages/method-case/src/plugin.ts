import { definePluginPackage } from '@saliency/core';
import { caseMethod } from './case.js';
import { confusionMatrix } from './selectors/confusion-matrix.js';
import { topLogits } from './selectors/top-logits.js';

/** The plugin package of `@saliency/method-case` (namespace `case`). One line per plugin, sorted by id. */
export const plugin = definePluginPackage({
  meta: { name: '@saliency/method-case', version: '0.1.0', namespace: 'case', apiVersion: 1 },
  plugins: [
    caseMethod,
    confusionMatrix,
    topLogits,
  ],
});

export default plugin;
