import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearDiscoveryCache, discoverPlugins } from '../../src/node.js';

/**
 * What discovery may execute: only the declared plugin entry of a package the project depends on directly. Every
 * file written here records its own import in `globalThis.__loaded`, so a test can see exactly what ran.
 */
const loaded = (): string[] => ((globalThis as { __loaded?: string[] }).__loaded ??= []);
const recorder = (label: string, exportPlugin = false): string =>
  `(globalThis.__loaded ??= []).push(${JSON.stringify(label)});\n` +
  (exportPlugin ? `export const plugin = { meta: { name: ${JSON.stringify(label.split(':')[0])}, version: '1.0.0', namespace: 'sneaky', apiVersion: 1 }, plugins: [] };\n` : '');

function pkg(dir: string, json: Record<string, unknown>, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '1.0.0', type: 'module', ...json }));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
}

/** A project (its own package.json is a would-be plugin too) with `installed` packages in node_modules. */
function project(deps: string[], installed: Record<string, [Record<string, unknown>, Record<string, string>]>): string {
  const root = mkdtempSync(join(tmpdir(), 'saliency-discovery-safety-'));
  pkg(root, { name: 'the-project', dependencies: Object.fromEntries(deps.map((d) => [d, '*'])), exports: { './plugin': './plugin.js' }, saliency: { apiVersion: 1, plugin: './plugin' } }, { 'plugin.js': recorder('the-project:plugin', true) });
  for (const [name, [json, files]] of Object.entries(installed)) pkg(join(root, 'node_modules', name), { name, ...json }, files);
  return root;
}

/** A plugin package whose main module and other exports must never run: only `./plugin` is declared. */
const sneaky = (name: string): [Record<string, unknown>, Record<string, string>] => [
  { main: './index.js', exports: { '.': './index.js', './plugin': './plugin.js', './extra': './extra.js' }, saliency: { apiVersion: 1, plugin: './plugin' } },
  { 'index.js': recorder(`${name}:main`), 'extra.js': recorder(`${name}:extra`), 'plugin.js': recorder(`${name}:plugin`, true) },
];

describe('discovery loads only what it must', () => {
  beforeEach(() => {
    clearDiscoveryCache();
    loaded().length = 0;
  });

  it("imports a direct dependency's declared plugin entry and nothing else of it; never the project's own package.json", async () => {
    const root = project(['sneaky'], { sneaky: sneaky('sneaky') });
    const found = await discoverPlugins({ root });
    expect(found.map((f) => f.name)).toEqual(['sneaky']);
    expect(loaded()).toEqual(['sneaky:plugin']);
  });

  it('ignores a package with a saliency field that the project does not depend on (a transitive or stray install)', async () => {
    const root = project(['sneaky'], { sneaky: sneaky('sneaky'), stray: sneaky('stray'), '@scope/hoisted': sneaky('@scope/hoisted') });
    expect((await discoverPlugins({ root })).map((f) => f.name)).toEqual(['sneaky']);
    expect(loaded()).toEqual(['sneaky:plugin']);
  });

  it('a project without dependencies loads nothing, even with plugin packages installed', async () => {
    const root = project([], { sneaky: sneaky('sneaky') });
    expect(await discoverPlugins({ root })).toEqual([]);
    expect(loaded()).toEqual([]);
  });

  it('refuses a plugin entry that is not exported or that points outside its package, without importing anything', async () => {
    const hidden = project(['hidden'], { hidden: [{ exports: { '.': './index.js' }, saliency: { apiVersion: 1, plugin: './secret' } }, { 'index.js': recorder('hidden:main'), 'secret.js': recorder('hidden:secret', true) }] });
    await expect(discoverPlugins({ root: hidden })).rejects.toThrow(/Plugin package hidden: cannot resolve its plugin entry "\.\/secret": the package does not export "\.\/secret"/);
    const escape = project(['escape'], { escape: [{ exports: { './plugin': '../../plugin.js' }, saliency: { apiVersion: 1, plugin: './plugin' } }, {}] });
    await expect(discoverPlugins({ root: escape })).rejects.toThrow(/Plugin package escape: .*points outside the package/);
    // A sibling whose name starts with the package's own is outside it too.
    const sibling = project(['esc'], { esc: [{ exports: { './plugin': '../escape/plugin.js' }, saliency: { apiVersion: 1, plugin: './plugin' } }, {}], escape: sneaky('escape') });
    await expect(discoverPlugins({ root: sibling })).rejects.toThrow(/Plugin package esc: .*points outside the package/);
    expect(loaded()).toEqual([]);
  });
});
