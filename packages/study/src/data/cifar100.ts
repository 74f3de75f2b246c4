import { open, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { defineDatasetSource, SaliencyError, type DatasetSource } from '@saliency/core';
import type { Preprocessing } from './preprocess.js';
import { checkIndices, preprocessingOptionSchema, requirePath, toSample } from './source-common.js';

export interface Cifar100Options {
  /** The folder holding `train.bin`/`test.bin` (the "binary version"), or one `.bin` file. */
  readonly path?: string;
  readonly split: 'test' | 'train';
  /** `fine` (100 classes) or `coarse` (20 superclasses). */
  readonly labels: 'fine' | 'coarse';
  readonly preprocessing: Preprocessing | null;
}

const ID = 'datasets/cifar-100';
// One record: coarse label byte, fine label byte, then 3072 bytes: 1024 red, 1024 green, 1024 blue (row-major 32×32).
const RECORD = 2 + 3072;
const SIDE = 32;

/** `fine_label_names.txt` / `coarse_label_names.txt` beside the .bin file, when present. */
async function classNames(dir: string, labels: 'fine' | 'coarse', expected: number): Promise<string[] | undefined> {
  const text = await readFile(join(dir, `${labels}_label_names.txt`), 'utf8').catch(() => undefined);
  const names = text?.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  return names && names.length === expected ? names : undefined;
}

/**
 * The CIFAR-100 binary format (`train.bin`, `test.bin`): records read on demand by offset, CHW planes turned into
 * HWC RGB, then preprocessed (`options.preprocessing`, e.g. the `cifar100` preset). Sample ids are
 * `<split>:<record index>` (`split` is the file's stem when `path` names a file).
 */
export const cifar100 = defineDatasetSource<Cifar100Options>({
  id: 'cifar-100',
  displayName: 'CIFAR-100 (binary)',
  description: 'CIFAR-100 binary records (1 coarse + 1 fine label byte, 3072 CHW bytes), fine or coarse labels.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['split', 'labels', 'preprocessing'],
    properties: {
      path: { type: 'string', minLength: 1 },
      split: { enum: ['test', 'train'] },
      labels: { enum: ['fine', 'coarse'] },
      preprocessing: preprocessingOptionSchema,
    },
  },
  defaultOptions: { split: 'test', labels: 'fine', preprocessing: null },
  async create({ path, split, labels, preprocessing }): Promise<DatasetSource> {
    if (!path) throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Plugin "${ID}": options/path is required (the folder holding ${split}.bin)`);
    const given = resolve(path);
    const isFolder = (await requirePath(ID, 'path', given, 'any')) === 'folder';
    const file = isFolder ? join(given, `${split}.bin`) : given;
    const splitName = isFolder ? split : basename(file, '.bin');
    await requirePath(ID, 'path', file, 'file');
    const handle = await open(file, 'r');
    const { size: bytes } = await handle.stat();
    await handle.close();
    if (bytes === 0 || bytes % RECORD !== 0) {
      throw new SaliencyError('SALIENCY_INVALID_INPUT', `${ID}: ${file} has ${bytes} bytes, not a whole number of ${RECORD}-byte CIFAR-100 records`, { file });
    }
    const size = bytes / RECORD;
    const numClasses = labels === 'fine' ? 100 : 20;
    const names = await classNames(dirname(file), labels, numClasses);
    return {
      meta: { id: `cifar-100:${basename(file)}`, size, numClasses, ...(names ? { classNames: names } : {}) },
      async *samples(options = {}) {
        const indices = checkIndices(ID, options.indices, size);
        const fh = await open(file, 'r');
        try {
          const rec = new Uint8Array(RECORD);
          const rgb = new Uint8Array(SIDE * SIDE * 3);
          for (const i of indices) {
            await fh.read(rec, 0, RECORD, i * RECORD);
            const label = rec[labels === 'coarse' ? 0 : 1]!;
            if (label >= numClasses) throw new SaliencyError('SALIENCY_INVALID_INPUT', `${ID}: record ${i} of ${file} has ${labels} label ${label}, outside [0, ${numClasses})`);
            for (let p = 0; p < SIDE * SIDE; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = rec[2 + c * SIDE * SIDE + p]!;
            yield toSample(`${splitName}:${i}`, rgb, SIDE, SIDE, preprocessing, label);
          }
        } finally {
          await fh.close();
        }
      },
    };
  },
});
