import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core registers no gradient functions by itself (the tfjs umbrella does); the adapters do it for users.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';

/** Core's tests run on the pure-JS cpu backend: core itself has no backend preference. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
