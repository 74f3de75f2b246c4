import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearDiscoveryCache } from '@saliency/core/node';
import { REPO, runCli } from '../helpers/run.js';

/** A user's project that depends on the example third-party plugin package (outside packages/). */
function projectWith(deps: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'saliency-cli-plugins-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'user-project', private: true, dependencies: Object.fromEntries(Object.keys(deps).map((d) => [d, '*'])) }));
  mkdirSync(join(root, 'node_modules'));
  for (const [name, dir] of Object.entries(deps)) symlinkSync(resolve(REPO, 'test-fixtures', dir), join(root, 'node_modules', name), 'dir');
  return root;
}

describe('saliency plugins list', () => {
  it('lists every first-party plugin with kind, package, version and origin', async () => {
    const r = await runCli(['--no-discovery', 'plugins', 'list', '--json']);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.out) as { id: string; kind: string; package: string; version: string; origin: string }[];
    const ids = rows.map((p) => p.id);
    for (const id of ['cam/grad-cam', 'cam/grad-cam-plus-plus', 'cam/score-cam', 'cam/ablation-cam', 'cam/layer-cam', 'case/case', 'case/confusion-matrix', 'case/top-logits', 'metrics/feature-agreement', 'metrics/confidence-drop', 'metrics/channel-activity', 'adapters/layers-model', 'adapters/graph-model']) {
      expect(ids).toContain(id);
    }
    expect(rows.find((p) => p.id === 'case/case')).toMatchObject({ kind: 'saliency-method', package: '@saliency/method-case', origin: 'built-in' });
  });

  it('discovers a third-party plugin package the project depends on, and lists where it came from', async () => {
    clearDiscoveryCache();
    const root = projectWith({ 'saliency-plugin-example': 'saliency-plugin-example' });
    const r = await runCli(['--root', root, 'plugins', 'list']);
    expect(r.status).toBe(0);
    const line = r.out.split('\n').find((l) => l.startsWith('example/hi-res-cam'));
    expect(line).toMatch(/saliency-method\s+saliency-plugin-example\s+1\.2\.3\s+discovered: .*saliency-plugin-example/);
    const off = await runCli(['--root', root, '--no-discovery', 'plugins', 'list']);
    expect(off.out).not.toContain('example/hi-res-cam');
  });

  it('names a malformed plugin package, a duplicate id and an invalid options schema', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'saliency-plugin-malformed': 'saliency-plugin-malformed' }, /SALIENCY_INVALID_MANIFEST: saliency-plugin-malformed plugins\[0\]/],
      [{ 'saliency-plugin-example': 'saliency-plugin-example', 'saliency-plugin-duplicate': 'saliency-plugin-duplicate' }, /SALIENCY_DUPLICATE_PLUGIN: Plugin "example\/hi-res-cam"/],
      [{ 'saliency-plugin-bad-schema': 'saliency-plugin-bad-schema' }, /SALIENCY_INVALID_OPTIONS_SCHEMA: Plugin "badschema\/broken"/],
      [{ 'saliency-plugin-throws': 'saliency-plugin-throws' }, /SALIENCY_PLUGIN_LOAD_FAILED: Plugin package saliency-plugin-throws: importing .* failed: boom/],
    ];
    for (const [deps, msg] of cases) {
      clearDiscoveryCache();
      const r = await runCli(['--root', projectWith(deps), 'plugins', 'list']);
      expect(r.status).toBe(1);
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
