import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSaliencyError } from '@saliency/core';
import { loadStudyConfig, validateStudyConfig } from '../../src/config/validate.js';
import { resolveSettings } from '../../src/config/settings.js';

const base = { models: [{ path: 'm.json' }], dataset: { source: 'datasets/cifar-100' }, methods: ['cam/grad-cam'] };
const fail = (c: unknown): string => {
  try {
    validateStudyConfig(c);
  } catch (e) {
    expect(isSaliencyError(e, 'SALIENCY_INVALID_CONFIG')).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected the config to be rejected');
};

describe('study config validation', () => {
  it.each([
    ['a wrong type', { ...base, seed: 'x' }, 'config.seed must be an integer (got string "x")'],
    ['a wrong nested type', { ...base, sampling: { images: 'ten' } }, 'config.sampling.images must be an integer (got string "ten")'],
    ['an unknown top-level key', { ...base, model: [] }, 'config has unknown key "model" (allowed: name, description, seed, parity, backend, models, dataset, sampling, methods, contrast, metrics, statistics, outputs, plugins); did you mean "models"?'],
    ['an unknown nested key', { ...base, models: [{ path: 'm', layer: 'x' }] }, 'config.models[0] has unknown key "layer" (allowed: zoo, path, id, layers, preprocessing, backend, confusionMatrix); did you mean "layers"?'],
    ['a threshold above 100', { ...base, statistics: { threshold: 150 } }, 'config.statistics.threshold must be < 100 (got 150)'],
    ['a threshold of 0', { ...base, statistics: { threshold: 0 } }, 'config.statistics.threshold must be > 0 (got 0)'],
    ['a plugin reference of the wrong type', { ...base, methods: [3] }, 'config.methods[0] must be a string or an array (got number 3)'],
    ['options that are not an object', { ...base, methods: [['cam/grad-cam', 3]] }, 'config.methods[0][1] must be an object (got number 3)'],
    ['true for a measure', { ...base, metrics: { agreement: true } }, 'config.metrics.agreement must be false or an object (got boolean true)'],
    ['an unknown enum value', { ...base, parity: 'reference' }, 'config.parity must be one of "default", "reference-code" (got "reference")'],
    ['an unknown preset', { ...base, models: [{ path: 'm', preprocessing: 'imgnet' }] }, 'config.models[0].preprocessing must be one of "imagenet", "cifar100", "unit" or an object (got string "imgnet")'],
    ['a missing key', { models: [{ path: 'm' }], methods: ['x'] }, 'config must have the key "dataset"'],
    ['both zoo and path', { ...base, models: [{ path: 'm', zoo: 'x' }] }, 'config.models[0] must have exactly one of the keys "zoo" (a shipped model id) or "path" (a model.json)'],
  ])('rejects %s with one precise message', (_, config, message) => {
    expect(fail(config)).toBe(message);
  });

  it('accepts the minimal config', () => {
    expect(validateStudyConfig(base)).toBe(base);
  });

  it('reads YAML and JSON files, names the file in errors and names a config after its file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'study-config-'));
    writeFileSync(join(dir, 'rq1.yaml'), 'models:\n  - path: m.json\ndataset:\n  source: datasets/cifar-100\nmethods: [cam/grad-cam]\n');
    expect((await loadStudyConfig(join(dir, 'rq1.yaml'))).name).toBe('rq1');
    writeFileSync(join(dir, 'bad.yml'), 'models: [{path: m.json}]\ndataset: {source: x}\nmethods: [a]\nstatistics: {threshold: 101}\n');
    await expect(loadStudyConfig(join(dir, 'bad.yml'))).rejects.toThrow(`${join(dir, 'bad.yml')}: config.statistics.threshold must be < 100 (got 101)`);
    writeFileSync(join(dir, 'broken.json'), '{"models": [');
    await expect(loadStudyConfig(join(dir, 'broken.json'))).rejects.toThrow(/broken\.json: not valid JSON/);
    await expect(loadStudyConfig(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read config file .*missing\.yaml \(ENOENT\)/);
  });
});

describe('settings in force', () => {
  it('defaults follow the paper, parity "reference-code" sets every §10 parity value, explicit values win', () => {
    const d = resolveSettings(base);
    expect(d.statistics.threshold).toBe(50);
    expect(d.sampling.correctOnly).toBe(true);
    const p = resolveSettings({ ...base, parity: 'reference-code' });
    expect(p.statistics).toMatchObject({ threshold: 70, roundBeforeTests: true });
    expect(p.sampling.correctOnly).toBe(false);
    expect(p.contrast.order).toBe('numpy');
    expect(p.agreement).toMatchObject({ tieOrder: 'numpy' });
    expect(p.confidenceDrop).toMatchObject({ tieOrder: 'numpy', legacyTransposedMask: true });
    expect(p.channelActivity).toMatchObject({ tau: 0.1, extraTaus: [0.001] });
    const mixed = resolveSettings({ ...base, parity: 'reference-code', statistics: { threshold: 50 } });
    expect(mixed.statistics.threshold).toBe(50);
  });
});
