import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '@saliency/core';
import * as barrel from '../src/index.js';
import { plugin } from '../src/plugin.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const selectorFiles = readdirSync(`${src}selectors`).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
const camel = (id: string): string => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

describe('@saliency/method-case plugin package', () => {
  it('registers case (src/case.ts) plus one selector per file in src/selectors, sorted and unique', () => {
    expect(existsSync(`${src}case.ts`)).toBe(true);
    const expected = ['case', ...selectorFiles].sort();
    const ids = plugin.plugins.map((p) => p.id);
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(['case', 'confusion-matrix', 'top-logits']);
  });

  it('has the right kinds: case is a saliency method, every selector file a contrast selector', () => {
    for (const p of plugin.plugins) expect(p.kind).toBe(p.id === 'case' ? 'saliency-method' : 'contrast-selector');
  });

  it('keeps src/plugin.ts one line per plugin, in the sorted order', () => {
    const text = readFileSync(`${src}plugin.ts`, 'utf8');
    const lines = /plugins: \[\n([\s\S]*?)\n\s*\]/.exec(text)![1]!.split('\n').map((l) => l.trim().replace(/,$/, ''));
    expect(lines).toEqual(['caseMethod', ...selectorFiles.sort().map(camel)]);
  });

  it('exports every manifest from the barrel; meta matches package.json; registers under the case namespace', () => {
    expect(barrel.caseMethod).toBe(plugin.plugins[0]);
    for (const f of selectorFiles) expect((barrel as Record<string, unknown>)[camel(f)]).toBe(plugin.plugins.find((p) => p.id === f));
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'case', apiVersion: 1 });
    const entries = new PluginRegistry().register(plugin);
    expect(entries.map((e) => e.qualifiedId)).toEqual(['case/case', 'case/confusion-matrix', 'case/top-logits']);
  });

  it('keeps each plugin file under about 150 lines', () => {
    for (const f of ['case.ts', ...selectorFiles.map((s) => `selectors/${s}.ts`)]) {
      expect(readFileSync(`${src}${f}`, 'utf8').split('\n').length, f).toBeLessThanOrEqual(150);
    }
  });
});
