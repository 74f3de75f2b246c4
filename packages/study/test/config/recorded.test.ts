import { describe, expect, it } from 'vitest';
import { checkPlugins } from '../../src/preflight/plugins.js';
import { resolveSettings } from '../../src/config/settings.js';
import { validateStudyConfig } from '../../src/config/validate.js';
import { createStudyRegistry } from '../../src/registry.js';

/** What summary.json records must be what ran: defaults a plugin fills in included, the discovery switch too. */
const base = { models: [{ path: 'm.json' }], methods: ['cam/grad-cam'] };

describe('settings in force, as recorded', () => {
  it('records the dataset source options with its defaults (README: cifar-100 split "test", labels "fine")', async () => {
    const config = validateStudyConfig({ ...base, dataset: { source: ['datasets/cifar-100', { path: 'c' }] } });
    const plugins = await checkPlugins(config, resolveSettings(config), createStudyRegistry());
    expect(plugins.dataset.options).toEqual({ path: 'c', split: 'test', labels: 'fine' });
    const own = validateStudyConfig({ ...base, dataset: { source: ['datasets/cifar-100', { path: 'c', labels: 'coarse' }] } });
    expect((await checkPlugins(own, resolveSettings(own), createStudyRegistry())).dataset.options).toEqual({ path: 'c', split: 'test', labels: 'coarse' });
  });

  it('plugins.discovery defaults to true and is recorded either way', () => {
    const c = { ...base, dataset: { source: 'datasets/cifar-100' } };
    expect(resolveSettings(validateStudyConfig(c)).plugins).toEqual({ discovery: true });
    expect(resolveSettings(validateStudyConfig({ ...c, plugins: { discovery: false } })).plugins).toEqual({ discovery: false });
  });

  it('names, ids, layers and paths with control characters are refused by the schema, in words and on one line', () => {
    expect(() => validateStudyConfig({ ...base, dataset: { source: 'datasets/cifar-100' }, models: [{ path: 'm.json', layers: ['conv\n1'] }] })).toThrow(
      /^config\.models\[0\]\.layers\[0\] must not contain control characters such as newlines or tabs \(got "conv\\n1"\)$/,
    );
  });
});
