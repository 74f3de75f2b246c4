import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearDiscoveryCache } from '@saliency/core/node';
import { REPO, runCli } from '../helpers/run.js';
import { startCli } from './helpers/spawn.js';

/**
 * A user's project: depends on the example plugin package; is itself a package with a `saliency` field; has a
 * stray plugin package installed that it does not depend on. The last two throw if anything imports them.
 */
function userProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'saliency-plugin-safety-'));
  const boom = (who: string) => `throw new Error(${JSON.stringify(`${who} was imported`)});\n`;
  const saliency = { apiVersion: 1, plugin: './plugin' };
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'user-project', type: 'module', dependencies: { 'saliency-plugin-example': '*' }, exports: { './plugin': './plugin.js' }, saliency }));
  writeFileSync(join(root, 'plugin.js'), boom('the project itself'));
  mkdirSync(join(root, 'node_modules', 'saliency-plugin-stray'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'saliency-plugin-stray', 'package.json'), JSON.stringify({ name: 'saliency-plugin-stray', version: '1.0.0', type: 'module', exports: { './plugin': './plugin.js' }, saliency }));
  writeFileSync(join(root, 'node_modules', 'saliency-plugin-stray', 'plugin.js'), boom('a stray package'));
  symlinkSync(resolve(REPO, 'test-fixtures/saliency-plugin-example'), join(root, 'node_modules', 'saliency-plugin-example'), 'dir');
  return root;
}

/** A study that names the discovered method and a model file that does not exist (checked after the plugins). */
function study(root: string, extra = ''): string {
  const file = join(root, 'study.yaml');
  writeFileSync(file, `models: [{path: ${join(root, 'missing/model.json')}}]\ndataset: {source: [datasets/image-folder, {path: ${root}}]}\nmethods: [example/hi-res-cam]\n${extra}`);
  return file;
}

describe('plugin discovery from the working directory', () => {
  beforeEach(() => clearDiscoveryCache());

  it('the real CLI run inside a project loads its direct dependency, says where it came from, and nothing else', async () => {
    const root = userProject();
    const r = await startCli(['plugins', 'list', '--json'], root).done;
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.out) as { id: string; package: string; origin: string }[];
    expect(rows.filter((p) => p.origin !== 'built-in').map((p) => [p.id, p.package, p.origin])).toEqual([
      ['example/hi-res-cam', 'saliency-plugin-example', `discovered: ${join(root, 'node_modules', 'saliency-plugin-example')}`],
    ]);
    expect(rows.filter((p) => p.origin === 'built-in').every((p) => p.package.startsWith('@saliency/'))).toBe(true);
  });

  it('a study config with plugins.discovery: false, or --no-discovery, loads no plugin package', async () => {
    const root = userProject();
    const on = await runCli(['--root', root, 'run', study(root)]);
    // With discovery the method is known, so the preflight gets as far as the model file.
    expect(on.err).not.toMatch(/UNKNOWN_PLUGIN/);
    expect(on.err).toContain(join(root, 'missing/model.json'));
    const unknown = /^saliency: SALIENCY_UNKNOWN_PLUGIN: [^\n]*\.yaml: config\.methods\[0\]: Unknown saliency-method "example\/hi-res-cam"/;
    const off = await runCli(['--root', root, 'run', study(root, 'plugins: {discovery: false}\n')]);
    expect(off.status).toBe(1);
    expect(off.err).toMatch(unknown);
    const flag = await runCli(['--root', root, '--no-discovery', 'run', study(root, 'plugins: {discovery: true}\n')]);
    expect(flag.err).toMatch(unknown);
    const typo = await runCli(['--root', root, 'run', study(root, 'plugins: {discover: false}\n')]);
    expect(typo.err).toMatch(/SALIENCY_INVALID_CONFIG: .*config\.plugins has unknown key "discover" \(allowed: discovery\); did you mean "discovery"\?/);
  });
});
