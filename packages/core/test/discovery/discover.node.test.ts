import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { PluginRegistry, isSaliencyError } from '../../src/index.js';
import { clearDiscoveryCache, discoverPlugins, registerDiscovered } from '../../src/node.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../test-fixtures');

/** A throwaway project: package.json with the given direct deps, node_modules entries symlinked to fixtures. */
function project(direct: string[], installed: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'saliency-discovery-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'p', private: true, dependencies: Object.fromEntries(direct.map((d) => [d, '*'])) }));
  mkdirSync(join(root, 'node_modules'));
  for (const [name, dir] of Object.entries(installed)) symlinkSync(join(fixtures, dir), join(root, 'node_modules', name), 'dir');
  return root;
}

const errOf = async (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error & { code: string });

describe('discoverPlugins', () => {
  beforeEach(() => clearDiscoveryCache());

  it('finds a direct dependency with a saliency field, imports only its declared entry, and registers it', async () => {
    const root = project(['saliency-plugin-example'], { 'saliency-plugin-example': 'saliency-plugin-example', 'saliency-plugin-transitive': 'transitive-plugin' });
    const found = await discoverPlugins({ root });
    expect(found.map((f) => [f.name, f.version])).toEqual([['saliency-plugin-example', '1.2.3']]);
    expect(found[0]!.entry.endsWith(join('saliency-plugin-example', 'src', 'plugin.js'))).toBe(true);
    expect((globalThis as { __saliencyTransitiveImported?: boolean }).__saliencyTransitiveImported).toBeUndefined();
    const registry = new PluginRegistry();
    await registerDiscovered(registry, { root });
    const p = registry.get('saliency-method', 'example/hi-res-cam');
    expect(p.packageName).toBe('saliency-plugin-example');
    expect(p.origin).toMatchObject({ type: 'discovered' });
  });

  it('reports a plugin entry that throws on import, naming the package', async () => {
    const root = project(['saliency-plugin-throws'], { 'saliency-plugin-throws': 'saliency-plugin-throws' });
    const e = await errOf(discoverPlugins({ root }));
    expect(isSaliencyError(e, 'SALIENCY_PLUGIN_LOAD_FAILED')).toBe(true);
    expect(e!.message).toContain('saliency-plugin-throws');
    expect(e!.message).toContain('boom');
  });

  it('reports a malformed manifest, a duplicate id across packages and an invalid options schema', async () => {
    const malformed = project(['saliency-plugin-malformed'], { 'saliency-plugin-malformed': 'saliency-plugin-malformed' });
    const e1 = await errOf(registerDiscovered(new PluginRegistry(), { root: malformed }));
    expect(e1!.code).toBe('SALIENCY_INVALID_MANIFEST');
    expect(e1!.message).toContain('saliency-plugin-malformed plugins[0]');

    const dup = project(['saliency-plugin-example', 'saliency-plugin-duplicate'], { 'saliency-plugin-example': 'saliency-plugin-example', 'saliency-plugin-duplicate': 'saliency-plugin-duplicate' });
    const e2 = await errOf(registerDiscovered(new PluginRegistry(), { root: dup }));
    expect(e2!.code).toBe('SALIENCY_DUPLICATE_PLUGIN');
    expect(e2!.message).toContain('example/hi-res-cam');

    const schema = project(['saliency-plugin-bad-schema'], { 'saliency-plugin-bad-schema': 'saliency-plugin-bad-schema' });
    const e3 = await errOf(registerDiscovered(new PluginRegistry(), { root: schema }));
    expect(e3!.code).toBe('SALIENCY_INVALID_OPTIONS_SCHEMA');
    expect(e3!.message).toContain('badschema/broken');
  });

  it('ignores packages without the saliency field and fails clearly without a package.json', async () => {
    const root = project([], {});
    expect(await discoverPlugins({ root })).toEqual([]);
    const e = await errOf(discoverPlugins({ root: join(root, 'missing') }));
    expect(e!.code).toBe('SALIENCY_PLUGIN_LOAD_FAILED');
    expect(e!.message).toContain('package.json');
  });

  it('an explicitly registered package wins over its discovered copy', async () => {
    const root = project(['saliency-plugin-example'], { 'saliency-plugin-example': 'saliency-plugin-example' });
    const registry = new PluginRegistry();
    const { plugin } = (await import(join(fixtures, 'saliency-plugin-example/src/plugin.js'))) as { plugin: never };
    registry.register(plugin);
    expect(await registerDiscovered(registry, { root })).toEqual([]);
    expect(registry.get('saliency-method', 'example/hi-res-cam').origin).toEqual({ type: 'explicit' });
  });
});
