import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '@saliency/core';
import * as barrel from '../src/index.js';
import { plugin } from '../src/plugin.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const methodFiles = readdirSync(`${src}methods`).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
const camel = (id: string): string => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

describe('@saliency/methods-cam plugin package', () => {
  it('registers exactly one method per file in src/methods, ids equal to the file names', () => {
    expect(plugin.plugins.map((p) => p.id)).toEqual(methodFiles);
    expect(methodFiles).toEqual(['ablation-cam', 'grad-cam', 'grad-cam-plus-plus', 'layer-cam', 'score-cam']);
  });

  it('lists the plugins sorted and unique, all saliency methods', () => {
    const ids = plugin.plugins.map((p) => p.id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of plugin.plugins) expect(p.kind).toBe('saliency-method');
  });

  it('keeps src/plugin.ts one line per plugin, in the sorted order', () => {
    const text = readFileSync(`${src}plugin.ts`, 'utf8');
    const lines = /plugins: \[\n([\s\S]*?)\n\s*\]/.exec(text)![1]!.split('\n').map((l) => l.trim().replace(/,$/, ''));
    expect(lines).toEqual(methodFiles.map(camel));
  });

  it('exports each manifest from the barrel under the camelCase id, and the meta the registry expects', () => {
    for (const id of methodFiles) expect((barrel as Record<string, unknown>)[camel(id)]).toBe(plugin.plugins.find((p) => p.id === id));
    expect(plugin.meta).toEqual({ name: '@saliency/methods-cam', version: '0.1.0', namespace: 'cam', apiVersion: 1 });
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
    expect(plugin.meta.name).toBe(pkg.name);
    expect(plugin.meta.version).toBe(pkg.version);
  });

  it('registers in a PluginRegistry under the cam namespace', () => {
    const registry = new PluginRegistry();
    const entries = registry.register(plugin);
    expect(entries.map((e) => e.qualifiedId)).toEqual(methodFiles.map((f) => `cam/${f}`));
  });

  it('keeps every method file under about 150 lines', () => {
    for (const f of methodFiles) expect(readFileSync(`${src}methods/${f}.ts`, 'utf8').split('\n').length, f).toBeLessThanOrEqual(150);
  });
});
