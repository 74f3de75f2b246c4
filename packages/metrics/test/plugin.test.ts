import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PluginRegistry, ID_PATTERN } from '@saliency/core';
import { plugin } from '../src/plugin.js';
import * as barrel from '../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
const files = readdirSync(new URL('../src/metrics/', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

describe('@saliency/metrics plugin package', () => {
  it('registers exactly one metric per file in src/metrics/, sorted and unique', () => {
    const ids = plugin.plugins.map((m) => m.id);
    expect(ids).toEqual(files);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of plugin.plugins) {
      expect(m.kind).toBe('metric');
      expect(m.id).toMatch(ID_PATTERN);
    }
  });
  it('carries the name and version of package.json and the metrics namespace', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'metrics', apiVersion: 1 });
  });
  it('registers in a registry under metrics/<id>', () => {
    const registry = new PluginRegistry();
    const entries = registry.register(plugin);
    expect(entries.map((e) => e.qualifiedId)).toEqual(files.map((f) => `metrics/${f}`));
  });
  it('the barrel exports every manifest under its camelCase id, and the plugin', () => {
    const camel = (id: string) => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    for (const m of plugin.plugins) expect((barrel as Record<string, unknown>)[camel(m.id)]).toBe(m);
    expect(barrel.plugin).toBe(plugin);
  });
});
