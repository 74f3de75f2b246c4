import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';

const PACKAGES = ['@saliency/adapters', '@saliency/core', '@saliency/method-case', '@saliency/methods-cam', '@saliency/metrics', '@saliency/stats', '@saliency/study'];

/** The versions a report records: the saliency packages, TF.js and Node. */
export function versions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const out: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      const file = name === '@saliency/study' ? new URL('../../package.json', import.meta.url) : require.resolve(`${name}/package.json`);
      out[name] = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    } catch {
      out[name] = 'unknown';
    }
  }
  out['@tensorflow/tfjs-core'] = tf.version_core;
  out.node = process.version;
  return out;
}
