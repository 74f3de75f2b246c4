import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ioErrorReason, SaliencyError } from '@saliency/core';

export interface SavedModelFiles {
  readonly modelPath: string;
  readonly weightsPath: string;
  readonly weightBytes: number;
}

/**
 * Writes `model` as `<dir>/model.json` + `<dir>/weights.bin` (one shard), the standard TF.js layers format, without
 * tfjs-node: a custom IOHandler receives the artifacts and writes them with fs. `tf.io.getModelJSONForModelArtifacts`
 * is not exported in 4.22, so model.json is assembled here. The folder is created when missing.
 */
export async function saveLayersModel(model: tfl.LayersModel, dir: string): Promise<SavedModelFiles> {
  const fs = await import('node:fs/promises');
  const p = await import('node:path');
  const modelPath = p.resolve(dir, 'model.json');
  const weightsPath = p.resolve(dir, 'weights.bin');
  let weightBytes = 0;
  await model.save({
    save: async (artifacts) => {
      const data = artifacts.weightData ?? new ArrayBuffer(0);
      // 4.x may hand the weights over as several buffers; the single shard holds them back to back.
      const bytes = new Uint8Array(tf.io.concatenateArrayBuffers(Array.isArray(data) ? data : [data]));
      weightBytes = bytes.byteLength;
      const json: Record<string, unknown> = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig) json.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata) json.userDefinedMetadata = artifacts.userDefinedMetadata;
      // Both files are written to temporaries and renamed only once both are complete, so a full disk or an
      // unwritable folder never leaves a half-written model, nor new weights beside an old model.json.
      const staged = [weightsPath, modelPath].map((f) => [`${f}.tmp-${process.pid}-${Date.now()}`, f] as const);
      try {
        await fs.mkdir(p.dirname(modelPath), { recursive: true });
        await fs.writeFile(staged[0]![0], bytes);
        await fs.writeFile(staged[1]![0], JSON.stringify(json));
        for (const [from, to] of staged) await fs.rename(from, to);
      } catch (e) {
        await Promise.all(staged.map(([from]) => fs.unlink(from).catch(() => undefined)));
        throw new SaliencyError('SALIENCY_IO_FAILED', `cannot save the model to ${p.resolve(dir)} (${ioErrorReason(e)})`, { dir: p.resolve(dir) }, { cause: e });
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  });
  return { modelPath, weightsPath, weightBytes };
}
