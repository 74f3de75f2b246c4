import { isSaliencyError, SaliencyError } from '@saliency/core';

/**
 * Runs `fn` and prefixes any `SaliencyError` it throws with the config key it concerns, so a bad plugin id or
 * option says where in the config it came from: `config.methods[2]: Unknown saliency-method "cam/gradcam"; ...`.
 */
export async function at<T>(where: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isSaliencyError(e) && !e.message.startsWith('config.')) throw new SaliencyError(e.code, `${where}: ${e.message}`, e.details, { cause: e });
    throw e;
  }
}
