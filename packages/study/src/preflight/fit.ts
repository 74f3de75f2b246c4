import { SaliencyError } from '@saliency/core';
import { topKCount } from '@saliency/metrics';
import type { StudySettings } from '../config/settings.js';
import type { PreparedModel } from './models.js';

/**
 * Settings that are valid on their own but not for a given model: more contrast classes than the model has
 * other classes, or a top-k% that selects no pixel at the model's input size. Caught here, not in batch 1.
 */
export function checkFit(models: readonly PreparedModel[], s: StudySettings): void {
  for (const m of models) {
    const where = `config.models[${m.position}] (${m.id})`;
    if (s.contrast.k > m.numClasses - 1) {
      throw new SaliencyError('SALIENCY_INVALID_CONFIG', `config.contrast.k is ${s.contrast.k} but ${where} has only ${m.numClasses - 1} classes besides the target`);
    }
    const pixels = m.inputShape[0] * m.inputShape[1];
    for (const [key, spec] of [['agreement', s.agreement], ['confidenceDrop', s.confidenceDrop]] as const) {
      if (spec && topKCount(spec.kPercent, pixels) === 0) {
        throw new SaliencyError('SALIENCY_INVALID_CONFIG', `config.metrics.${key}.kPercent ${spec.kPercent} selects no pixel of the ${m.inputShape[0]}×${m.inputShape[1]} maps of ${where}`);
      }
    }
    if (s.groundTruth && s.groundTruth.contrast === 'designed' && m.designedConfusers?.length !== m.numClasses) {
      throw new SaliencyError('SALIENCY_INVALID_CONFIG', `config.metrics.groundTruth.contrast "designed" needs each class's designed confuser, which only zoo models record; ${where} has none`);
    }
    if (s.confidenceDrop && s.confidenceDrop.legacyTransposedMask && m.inputShape[0] !== m.inputShape[1]) {
      throw new SaliencyError('SALIENCY_INVALID_CONFIG', `config.metrics.confidenceDrop.legacyTransposedMask (parity) needs square inputs; ${where} takes ${m.inputShape[0]}×${m.inputShape[1]}`);
    }
  }
}
