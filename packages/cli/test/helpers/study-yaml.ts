import { writeFileSync } from 'node:fs';
import { RESISH, VGGISH } from '../../../study/test/helpers/fixtures.js';

export interface OracleStudyYaml {
  readonly data: string;
  readonly seed: number;
  readonly images: number;
  readonly calibration: number;
  readonly batchSize: number;
  /** More YAML lines, appended as they are. */
  readonly extra?: string;
}

/**
 * Writes the CLI tests' study, as a user would: RQ1 + RQ2 + channels with all six methods on the two oracle models
 * (vggish at two layers, for Table II) over an image folder; returns `file`.
 */
export function writeOracleStudy(file: string, o: OracleStudyYaml): string {
  writeFileSync(file, `# RQ1 + RQ2 + channels on the two oracle models
seed: ${o.seed}
backend: wasm
models:
  - path: ${VGGISH}
    layers: [target_conv, conv4]
  - path: ${RESISH}
dataset:
  source: [datasets/image-folder, {path: ${o.data}}]
sampling: {images: ${o.images}, calibration: ${o.calibration}, batchSize: ${o.batchSize}}
methods: [case/case, cam/grad-cam, cam/grad-cam-plus-plus, cam/score-cam, cam/ablation-cam, cam/layer-cam]
outputs: {gridImages: 1}
${o.extra ?? ''}`);
  return file;
}
