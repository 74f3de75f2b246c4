import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultStudyConfig } from '../../src/config/default-study.js';
import { validateStudyConfig } from '../../src/config/validate.js';
import { listZooModels } from '../../src/zoo/zoo-models.js';

/** A models folder as the zoo ships it: `<id>/manifest.json` (format saliency-zoo-model/1) beside model.json. */
function zooDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zoo-models-'));
  const manifest = (id: string, family: string, layers: string[]) => ({
    format: 'saliency-zoo-model/1', id, family, inputShape: [32, 32, 3], testAccuracy: 0.95,
    preprocessing: { colorSpace: 'RGB', range: [0, 1], description: 'floats in [0, 1]' },
    classes: ['a', 'b'], designedConfusers: [1, 0],
    targetLayers: layers.map((layer) => ({ layer, outputShape: [8, 8, 8], role: 'x' })),
    dataset: { id: 'synthetic-parts', imageSize: 32, seed: 1, trainSplit: 'train', testSplit: 'test', calibrationSplit: 'calibration' },
  });
  for (const [id, family, layers] of [['vgg_mini', 'vgg', ['block3_conv2']], ['densenet_mini', 'densenet', ['conv3_block4_2_conv', 'bn']], ['resnet_mini', 'resnet', ['conv3_block2_2_conv', 'conv3_block2_out']]] as const) {
    mkdirSync(join(dir, id));
    writeFileSync(join(dir, id, 'manifest.json'), JSON.stringify(manifest(id, family, [...layers])));
  }
  return dir;
}

describe('zoo models', () => {
  it('reads the shipped manifests: layers, accuracy, designed confusers, dataset', async () => {
    const [densenet] = await listZooModels(zooDir());
    expect(densenet).toMatchObject({ id: 'densenet_mini', family: 'densenet', layers: ['conv3_block4_2_conv', 'bn'], accuracy: 0.95, designedConfusers: [1, 0], dataset: { id: 'synthetic-parts', seed: 1, testSplit: 'test' } });
    expect(densenet!.modelPath.endsWith(join('densenet_mini', 'model.json'))).toBe(true);
  });

  it('the default study: every zoo model at its first layer, DenseNet also at its second (Table II), the held-out split', async () => {
    const c = validateStudyConfig(await defaultStudyConfig(zooDir()));
    expect(c.models).toEqual([{ zoo: 'densenet_mini', layers: ['conv3_block4_2_conv', 'bn'] }, { zoo: 'resnet_mini', layers: ['conv3_block2_2_conv'] }, { zoo: 'vgg_mini', layers: ['block3_conv2'] }]);
    expect(c.dataset.source).toEqual(['zoo/synthetic-parts', { seed: 1, split: 'test', size: 2000, imageSize: 32 }]);
    expect(c.methods).toHaveLength(6);
    await expect(defaultStudyConfig(join(tmpdir(), 'no-such-zoo'))).rejects.toThrow(/ships none; give a study config file/);
  });
});
