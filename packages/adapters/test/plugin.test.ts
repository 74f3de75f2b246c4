import * as tf from '@tensorflow/tfjs-core';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PluginRegistry, createLogger, createRng, isSaliencyError } from '@saliency/core';
import { describe, expect, it } from 'vitest';
import * as index from '../src/index.js';
import { plugin } from '../src/plugin.js';

const SRC = new URL('../src/', import.meta.url);
const camel = (id: string): string => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const deps = () => ({ rng: createRng(1), logger: createLogger('silent') });

describe('plugin package', () => {
  it('importing the barrel registers nothing (the wasm backend is imported only by selectBackend)', () => {
    expect(tf.findBackendFactory('wasm')).toBeNull();
    expect(index.plugin).toBe(plugin);
  });

  it('lists one manifest per file in src/adapters, sorted and unique, each exported from the barrel', async () => {
    const files = (await readdir(fileURLToPath(new URL('adapters/', SRC)))).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
    const ids = plugin.plugins.map((m) => m.id);
    expect(ids).toEqual(files);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect((index as Record<string, unknown>)[camel(id)]).toBe(plugin.plugins.find((m) => m.id === id));
  });

  it('meta matches package.json', async () => {
    const pkg = JSON.parse(await readFile(fileURLToPath(new URL('../package.json', SRC)), 'utf8')) as { name: string; version: string };
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'adapters', apiVersion: 1 });
  });

  it('registers, and creates adapters from a path through the registry', async () => {
    await index.selectBackend('cpu');
    const registry = new PluginRegistry();
    expect(registry.register(plugin).map((e) => e.qualifiedId)).toEqual(['adapters/graph-model', 'adapters/layers-model']);
    const layers = await registry.create('model-adapter', ['adapters/layers-model', { path: fileURLToPath(new URL('../../../fixtures/oracle/public/vggish/model.json', SRC)) }], deps());
    expect(layers.meta).toMatchObject({ id: 'vggish', format: 'layers-model', numClasses: 10 });
    layers.dispose();
    const graph = await registry.create('model-adapter', ['adapters/graph-model', { path: fileURLToPath(new URL('../test/fixtures/graph-model', SRC)), id: 'tiny' }], deps());
    expect(graph.meta).toMatchObject({ id: 'tiny', format: 'graph-model' });
    graph.dispose();
  });

  it('rejects a missing path, unknown options and a model of the other format', async () => {
    const registry = new PluginRegistry();
    registry.register(plugin);
    const missing = await registry.create('model-adapter', 'adapters/layers-model', deps()).catch((e: Error) => e);
    expect(isSaliencyError(missing, 'SALIENCY_INVALID_OPTIONS')).toBe(true);
    expect((missing as Error).message).toContain('"path"');
    expect(() => registry.optionsFor('model-adapter', ['adapters/graph-model', { path: 'x', weights: 'y' }])).toThrow(/unknown option "weights"/);
    expect(() => registry.optionsFor('model-adapter', ['adapters/graph-model', { path: '' }])).toThrow(/options\/path/);
    const wrong = await registry
      .create('model-adapter', ['adapters/graph-model', { path: fileURLToPath(new URL('../../../fixtures/oracle/public/vggish', SRC)) }], deps())
      .catch((e: Error) => e);
    expect(isSaliencyError(wrong, 'SALIENCY_MODEL_INVALID')).toBe(true);
  });
});
