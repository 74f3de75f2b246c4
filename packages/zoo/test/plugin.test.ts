import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PluginRegistry, createLogger, createRng, type DatasetSample } from '@saliency/core';
import { discoverPlugins } from '@saliency/core/node';
import { plugin } from '../src/plugin.js';
import * as barrel from '../src/index.js';
import { renderPartsSample } from '../src/data/synthetic-parts.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string; saliency: { plugin: string } };

describe('@saliency/zoo plugin package', () => {
  it('carries the name and version of package.json and the zoo namespace', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'zoo', apiVersion: 1 });
    expect(pkg.saliency.plugin).toBe('./plugin');
    expect(barrel.plugin).toBe(plugin);
  });

  it('registers the synthetic dataset as zoo/synthetic-parts, and the registered source draws the documented samples', async () => {
    const registry = new PluginRegistry();
    expect(registry.register(plugin).map((e) => e.qualifiedId)).toEqual(['zoo/synthetic-parts']);
    const source = await registry.create('dataset-source', ['zoo/synthetic-parts', { seed: 5, split: 'test', size: 3 }], { rng: createRng(1), logger: createLogger('silent') });
    const samples: DatasetSample[] = [];
    for await (const s of source.samples()) samples.push(s);
    expect(samples.length).toBe(3);
    const direct = renderPartsSample(5, 'test', 2);
    expect(samples[2]!.label).toBe(direct.label);
    expect(Array.from(samples[2]!.image)).toEqual(Array.from(direct.image));
  });

  it('is found by discovery through the saliency field of package.json', async () => {
    const found = await discoverPlugins({ root: new URL('../../..', import.meta.url).pathname });
    expect(found.find((p) => p.name === '@saliency/zoo')?.plugin.plugins.map((m) => m.id)).toEqual(['synthetic-parts']);
  });
});
