import { join, relative } from 'node:path';
import type { DatasetSource, ModelAdapter, PluginRef } from '@saliency/core';
import { computeConfusionMatrix, readMatrixFile } from '@saliency/method-case';
import { writeFileAtomic } from '@saliency/core/node';
import { stableJson } from '../output/write.js';
import type { PreparedModel } from '../preflight/models.js';
import { slug } from '../report/grid-files.js';
import type { RunEnv } from './model-run.js';

/** Where a model's contrast classes came from, as summary.json records it. */
export interface MatrixRecord {
  /** `calibration split` (counted here), a file (relative to the project), or `selector options`. */
  readonly source: string;
  /** Images counted, when known. */
  readonly images: number | null;
  /** The matrix in force, copied into the run folder. */
  readonly matrixFile?: string;
}

/**
 * The selector one model runs with. `case/confusion-matrix` without a matrix in its options gets the model's own:
 * read from its file (a zoo model's shipped calibration matrix), or counted now on the study's calibration split
 * (disjoint from the sample). Either way the matrix in force is saved as `confusion/<model>.json`.
 */
export async function modelSelector(m: PreparedModel, adapter: ModelAdapter, source: DatasetSource, env: RunEnv, root: string): Promise<{ selector: PluginRef; matrix: MatrixRecord }> {
  const { plugins, plan, settings: s } = env.study;
  const [id, options] = plugins.selector;
  if (!plugins.perModelMatrix) return { selector: [id, { ...options }], matrix: { source: 'selector options', images: null } };
  let rows: number[][];
  let record: Omit<MatrixRecord, 'matrixFile'>;
  if (m.confusionMatrix === 'calibration') {
    const cm = await computeConfusionMatrix(adapter, source.samples({ indices: plan.calibration }), { batchSize: s.sampling.batchSize, signal: env.signal });
    rows = cm.matrix;
    record = { source: 'calibration split', images: cm.count };
    env.emit({ type: 'calibration', model: m.id, images: cm.count });
  } else {
    const cm = await readMatrixFile(m.confusionMatrix);
    rows = Array.from({ length: cm.size }, (_, i) => Array.from(cm.values.subarray(i * cm.size, (i + 1) * cm.size)));
    record = { source: relative(root, m.confusionMatrix).split('\\').join('/'), images: Math.round(rows.flat().reduce((a, b) => a + b, 0)) };
  }
  const matrixFile = join('confusion', `${slug(m.id)}.json`);
  await writeFileAtomic(join(env.outDir, matrixFile), stableJson({ model: m.id, rows: 'true class', columns: 'predicted class', ...record, matrix: rows }));
  return { selector: [id, { ...options, matrix: rows }], matrix: { ...record, matrixFile } };
}
