import { SaliencyError } from '@saliency/core';
import { readMatrixFile } from '@saliency/method-case';
import type { StudySettings } from '../config/settings.js';
import { at } from './at.js';
import type { PreparedModel } from './models.js';
import type { StudyPlugins } from './plugins.js';

/** Some model counts its confusion matrix on the study's calibration split (which is then held out of the sample). */
export const countsOnCalibration = (plugins: StudyPlugins, models: readonly PreparedModel[]): boolean =>
  plugins.perModelMatrix && models.some((m) => m.confusionMatrix === 'calibration');

/**
 * With the confusion-matrix selector and no matrix in its options, each model needs one: its file must parse and
 * match the model's class count, or the calibration split must exist to count it on.
 */
export async function checkMatrices(models: readonly PreparedModel[], plugins: StudyPlugins, s: StudySettings): Promise<void> {
  if (!plugins.perModelMatrix) return;
  for (const m of models) {
    const where = `config.models[${m.position}].confusionMatrix`;
    if (m.confusionMatrix === 'calibration') {
      if (s.sampling.calibration < 1) {
        throw new SaliencyError('SALIENCY_INVALID_CONFIG', `config.sampling.calibration must be ≥ 1: ${m.id} counts its confusion matrix on the calibration split (or set ${where} to a file)`);
      }
      continue;
    }
    const file = m.confusionMatrix;
    const cm = await at(where, () => readMatrixFile(file));
    if (cm.size !== m.numClasses) {
      throw new SaliencyError('SALIENCY_INVALID_MATRIX', `${where}: ${file} is ${cm.size}×${cm.size} but ${m.id} has ${m.numClasses} classes`);
    }
  }
}
