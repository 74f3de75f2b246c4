import * as tf from '@tensorflow/tfjs-core';
import { readImageFile, type RgbImage as StudyRgbImage } from '@saliency/study';

/** A decoded 8-bit RGB image and the file it came from. */
export interface RgbImage extends StudyRgbImage {
  readonly path: string;
}

/** Decodes a PNG or JPEG file (by content, not extension); alpha is dropped, grey is expanded to RGB. */
export async function readImage(path: string): Promise<RgbImage> {
  return { path, ...(await readImageFile(path)) };
}

export interface Preprocessing {
  /** `[H, W]` the model takes. */
  readonly size: readonly [number, number];
  readonly scale: number;
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** Resizes to the model's input size (bilinear, half-pixel) and applies `x = (pixel/255·scale − mean)/std`. */
export function preprocess(images: readonly RgbImage[], p: Preprocessing): tf.Tensor4D {
  return tf.tidy(() => {
    const each = images.map((img) => {
      const t = tf.tensor3d(Float32Array.from(img.data), [img.height, img.width, 3]);
      const resized = img.height === p.size[0] && img.width === p.size[1] ? t : tf.image.resizeBilinear(t, [p.size[0], p.size[1]], false, true);
      return tf.div(tf.sub(tf.mul(resized, p.scale / 255), tf.tensor1d([...p.mean])), tf.tensor1d([...p.std]));
    });
    return tf.stack(each) as tf.Tensor4D;
  });
}
