import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { SaliencyError } from '@saliency/core';
import { formatSchemaErrors } from './format-errors.js';
import { studySchema } from './schema.js';
import type { StudyConfig } from './types.js';

// strict: a schema mistake of ours fails at startup (except the [id, options?] tuple, whose options are optional);
// verbose: errors carry their schema node (allowed keys).
const validate = new Ajv({ strict: true, strictTuples: false, allErrors: true, verbose: true, allowUnionTypes: true }).compile(studySchema);

const invalid = (message: string, where?: string): SaliencyError =>
  new SaliencyError('SALIENCY_INVALID_CONFIG', where ? `${where}: ${message}` : message, where ? { file: where } : undefined);

/**
 * Checks a study config's shape against the schema plus the rules a schema says badly (a model names exactly one
 * of `zoo`/`path`). Throws one `SALIENCY_INVALID_CONFIG` error naming the key path.
 * Plugins, files and layers are checked later, by the preflight, still before any work.
 */
export function validateStudyConfig(config: unknown, where?: string): StudyConfig {
  if (!validate(config)) throw invalid(formatSchemaErrors(validate.errors ?? [], config), where);
  const c = config as unknown as StudyConfig;
  c.models.forEach((m, i) => {
    if ((m.zoo === undefined) === (m.path === undefined)) {
      throw invalid(`config.models[${i}] must have exactly one of the keys "zoo" (a shipped model id) or "path" (a model.json)`, where);
    }
  });
  return c;
}

/** Reads a `.json`, `.yaml` or `.yml` study config and validates it; the file name is in every error. */
export async function loadStudyConfig(file: string): Promise<StudyConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SaliencyError('SALIENCY_INVALID_CONFIG', `cannot read config file ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file });
  }
  const ext = extname(file).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(ext)) throw invalid('a study config must be a .json, .yaml or .yml file', file);
  let data: unknown;
  try {
    data = ext === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    const kindOf = ext === '.json' ? 'JSON' : 'YAML';
    // YAML's message is a line plus a code frame: the line. JSON's quotes the text as it is: escape what it quotes.
    const reason = (e as Error).message.split('\n')[0]!.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    throw invalid(`not valid ${kindOf}: ${reason}`, file);
  }
  const config = validateStudyConfig(data, file);
  // A file without a name is called after itself, so its runs land in runs/<file stem>-<timestamp>/.
  return config.name ? config : { ...config, name: basename(file, extname(file)) };
}
