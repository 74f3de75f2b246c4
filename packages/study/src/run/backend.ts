import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@saliency/adapters';
import type { Backend } from '../config/types.js';

/**
 * Makes a backend active, starting it only the first time it is asked for (later switches are a plain
 * `tf.setBackend`), and returns the name of the backend that runs, which the report records.
 */
export function backendSwitcher(): (preference: Backend) => Promise<string> {
  const started = new Map<Backend, string>();
  return async (preference) => {
    const known = started.get(preference);
    if (known) {
      if (tf.getBackend() !== known) await tf.setBackend(known);
      return known;
    }
    const { name } = await selectBackend(preference);
    started.set(preference, name);
    return name;
  };
}
