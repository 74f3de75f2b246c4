import * as tf from '@tensorflow/tfjs-core';

interface TensorEntry {
  readonly name: string;
  readonly shape: number[];
}

interface CheckpointJson<S> {
  readonly format: 'saliency-zoo-checkpoint/1';
  readonly state: S;
  readonly tensors: TensorEntry[];
}

/**
 * Writes float32 tensors and a JSON state as `<dir>/checkpoint.json` + `<dir>/checkpoint.bin` (the tensors back to
 * back, in order). Both files are written under temporary names and renamed (bin first), so an interrupted write
 * leaves the previous checkpoint intact.
 */
export async function saveCheckpoint<S>(dir: string, tensors: readonly { name: string; tensor: tf.Tensor }[], state: S): Promise<void> {
  const fs = await import('node:fs/promises');
  const p = await import('node:path');
  await fs.mkdir(dir, { recursive: true });
  const arrays: Float32Array[] = [];
  for (const { name, tensor } of tensors) {
    if (tensor.dtype !== 'float32') throw new Error(`checkpoint: tensor ${name} is ${tensor.dtype}, only float32 is stored`);
    arrays.push((await tensor.data()) as Float32Array);
  }
  const bytes = new Uint8Array(arrays.reduce((s, a) => s + a.byteLength, 0));
  let at = 0;
  for (const a of arrays) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  const json: CheckpointJson<S> = {
    format: 'saliency-zoo-checkpoint/1',
    state,
    tensors: tensors.map(({ name, tensor }) => ({ name, shape: [...tensor.shape] })),
  };
  const jsonPath = p.join(dir, 'checkpoint.json');
  const binPath = p.join(dir, 'checkpoint.bin');
  await fs.writeFile(`${binPath}.tmp`, bytes);
  await fs.writeFile(`${jsonPath}.tmp`, JSON.stringify(json, null, 1));
  await fs.rename(`${binPath}.tmp`, binPath);
  await fs.rename(`${jsonPath}.tmp`, jsonPath);
}

/** Reads a checkpoint written by {@link saveCheckpoint}; null when `dir` has none. The caller owns the tensors. */
export async function loadCheckpoint<S>(dir: string): Promise<{ state: S; tensors: { name: string; tensor: tf.Tensor }[] } | null> {
  const fs = await import('node:fs/promises');
  const p = await import('node:path');
  const text = await fs.readFile(p.join(dir, 'checkpoint.json'), 'utf8').catch(() => null);
  if (text === null) return null;
  const json = JSON.parse(text) as CheckpointJson<S>;
  if (json.format !== 'saliency-zoo-checkpoint/1') throw new Error(`${dir}/checkpoint.json: not a zoo checkpoint`);
  const buf = await fs.readFile(p.join(dir, 'checkpoint.bin'));
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  let at = 0;
  const tensors = json.tensors.map((e) => {
    const n = e.shape.reduce((a, b) => a * b, 1);
    if (at + n > data.length) throw new Error(`${dir}/checkpoint.bin is shorter than checkpoint.json says`);
    const tensor = tf.tensor(data.subarray(at, at + n), e.shape, 'float32');
    at += n;
    return { name: e.name, tensor };
  });
  if (at !== data.length) {
    tf.dispose(tensors.map((t) => t.tensor));
    throw new Error(`${dir}/checkpoint.bin holds ${data.length} floats, checkpoint.json lists ${at}`);
  }
  return { state: json.state, tensors };
}
