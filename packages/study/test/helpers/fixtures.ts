import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { createRng } from '@saliency/core';
import { loadModel } from '@saliency/adapters/node';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const ORACLE = join(REPO, 'fixtures/oracle/public');
export const VGGISH = join(ORACLE, 'vggish/model.json');
export const RESISH = join(ORACLE, 'resish/model.json');

/**
 * A labelled image folder for the oracle models (10 classes, 32×32): smooth random images (4×4 noise upscaled,
 * which the models classify into varied classes), labelled with vggish's prediction for even images and resish's
 * for odd ones, so each model classifies a good share correctly and the correctness filter has work to do.
 * Runs on the active backend.
 */
export async function makeImageFolder(dir: string, count: number, seed = 1): Promise<string> {
  const rng = createRng(seed);
  const bytes = Array.from({ length: count }, () => {
    const small = Float32Array.from({ length: 4 * 4 * 3 }, () => rng.next());
    return tf.tidy(() => {
      const up = tf.image.resizeBilinear(tf.tensor3d(small, [4, 4, 3]), [32, 32], false, true);
      return Uint8Array.from(up.dataSync(), (v) => Math.round(v * 255));
    });
  });
  const x = tf.tidy(() => tf.div(tf.tensor4d(Float32Array.from(bytes.flatMap((b) => Array.from(b))), [count, 32, 32, 3]), 255) as tf.Tensor4D);
  const preds: number[][] = [];
  for (const path of [VGGISH, RESISH]) {
    const m = await loadModel(path);
    preds.push(Array.from(tf.tidy(() => tf.argMax(m.predict(x), 1)).dataSync()));
    m.dispose();
  }
  x.dispose();
  for (let c = 0; c < 10; c++) mkdirSync(join(dir, `c${c}`), { recursive: true });
  bytes.forEach((b, i) => {
    const png = new PNG({ width: 32, height: 32 });
    for (let p = 0; p < 32 * 32; p++) {
      png.data.set(b.subarray(p * 3, p * 3 + 3), p * 4);
      png.data[p * 4 + 3] = 255;
    }
    writeFileSync(join(dir, `c${preds[i % 2]![i]}`, `img${String(i).padStart(4, '0')}.png`), PNG.sync.write(png));
  });
  return dir;
}
