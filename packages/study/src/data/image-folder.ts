import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { defineDatasetSource, SaliencyError, type DatasetSource } from '@saliency/core';
import type { Preprocessing } from './preprocess.js';
import { readImageFile } from './decode.js';
import { checkIndices, preprocessingOptionSchema, requirePath, toSample } from './source-common.js';

export interface ImageFolderOptions {
  /** The folder: one subfolder per class (sorted names = class indices), or images listed in `labels`. */
  readonly path?: string;
  /** A CSV `file,label` (relative to `path`; optional header); labels are class indices or class names. */
  readonly labels?: string;
  readonly preprocessing: Preprocessing | null;
}

const ID = 'datasets/image-folder';
const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg']);

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    if (e.isDirectory()) out.push(...(await walk(join(dir, e.name))));
    else if (IMAGE_EXT.has(extname(e.name).toLowerCase())) out.push(join(dir, e.name));
  }
  return out;
}

interface Listing {
  readonly files: string[];
  readonly labels: number[];
  readonly classNames?: string[];
}

/** torchvision `ImageFolder`: class = sorted subfolder name, files sorted (recursively) within each class. */
async function bySubfolder(root: string): Promise<Listing> {
  const classes = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const files: string[] = [];
  const labels: number[] = [];
  for (const [i, c] of classes.entries()) {
    for (const f of await walk(join(root, c))) {
      files.push(f);
      labels.push(i);
    }
  }
  return { files, labels, classNames: classes };
}

/** A `file,label` CSV; integer labels are class indices, anything else class names (sorted → indices). */
async function byCsv(root: string, csv: string): Promise<Listing> {
  const rows = (await readFile(csv, 'utf8')).split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((l) => l.split(',').map((c) => c.trim()));
  if (rows.length && /^(file|filename|path|image)$/i.test(rows[0]![0]!)) rows.shift();
  rows.forEach((r, i) => {
    if (r.length < 2 || !r[0] || !r[1]) throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Plugin "${ID}": ${csv} line ${i + 1}: expected "file,label" (got "${r.join(',')}")`);
  });
  const numeric = rows.every((r) => /^\d+$/.test(r[1]!));
  const names = numeric ? undefined : [...new Set(rows.map((r) => r[1]!))].sort();
  return {
    files: rows.map((r) => resolve(root, r[0]!)),
    labels: rows.map((r) => (numeric ? Number(r[1]) : names!.indexOf(r[1]!))),
    ...(names ? { classNames: names } : {}),
  };
}

/**
 * Images from a folder (PNG/JPEG, decoded by content), labelled by subfolder or by a CSV, each preprocessed
 * (`options.preprocessing`, e.g. the ImageNet preset) into model input. Sample ids are paths relative to the folder.
 */
export const imageFolder = defineDatasetSource<ImageFolderOptions>({
  id: 'image-folder',
  displayName: 'Image folder',
  description: 'PNG/JPEG images in one subfolder per class, or listed with labels in a CSV file.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['preprocessing'],
    properties: { path: { type: 'string', minLength: 1 }, labels: { type: 'string', minLength: 1 }, preprocessing: preprocessingOptionSchema },
  },
  // Defaults must pass the schema at registration, so `path` has none and is checked here.
  defaultOptions: { preprocessing: null },
  async create({ path, labels, preprocessing }): Promise<DatasetSource> {
    if (!path) throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Plugin "${ID}": options/path is required (the image folder)`);
    const root = resolve(path);
    await requirePath(ID, 'path', root, 'folder');
    const csv = labels === undefined ? undefined : resolve(root, labels);
    if (csv) await requirePath(ID, 'labels', csv, 'file');
    const list = csv ? await byCsv(root, csv) : await bySubfolder(root);
    if (list.files.length === 0) {
      throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Plugin "${ID}": options/path: ${root} holds no .png/.jpg/.jpeg image${csv ? ` listed in ${csv}` : ' in a class subfolder'}`);
    }
    const numClasses = list.classNames?.length ?? Math.max(...list.labels) + 1;
    return {
      meta: { id: `image-folder:${root}`, size: list.files.length, numClasses, ...(list.classNames ? { classNames: list.classNames } : {}) },
      async *samples(options = {}) {
        for (const i of checkIndices(ID, options.indices, list.files.length)) {
          const img = await readImageFile(list.files[i]!);
          const id = relative(root, list.files[i]!).split(sep).join('/');
          yield toSample(id, img.data, img.height, img.width, preprocessing, list.labels[i]);
        }
      },
    };
  },
});
