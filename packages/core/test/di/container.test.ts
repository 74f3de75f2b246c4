import { beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry, Tokens, definePluginPackage, isSaliencyError, type SaliencyError } from '../../src/index.js';
import { useCpu } from '../helpers/backend.js';
import { testPackage, tinyGradCam } from '../helpers/fixture-plugins.js';

const catchErr = (fn: () => unknown): SaliencyError => {
  try {
    fn();
  } catch (e) {
    return e as SaliencyError;
  }
  throw new Error('expected a throw');
};

describe('PluginRegistry', () => {
  beforeAll(useCpu);

  it('registers a package under namespace-qualified ids, listed sorted and resolvable through DI tokens', () => {
    const r = new PluginRegistry();
    r.register(testPackage);
    expect(r.list().map((p) => p.qualifiedId)).toEqual(['test/linear', 'test/mean-saliency', 'test/next-logit', 'test/tiny-grad-cam']);
    expect(r.container.resolveAll<{ qualifiedId: string }>(Tokens.SaliencyMethod).map((p) => p.qualifiedId)).toEqual(['test/tiny-grad-cam']);
    expect(r.list('metric').map((p) => p.manifest.id)).toEqual(['mean-saliency']);
  });

  it('keeps registries isolated from each other', () => {
    const a = new PluginRegistry();
    const b = new PluginRegistry();
    a.register(testPackage);
    expect(b.list()).toEqual([]);
  });

  it('rejects a duplicate id with SALIENCY_DUPLICATE_PLUGIN naming both packages, and registers nothing of the clashing package', () => {
    const r = new PluginRegistry();
    r.register(testPackage);
    const clash = definePluginPackage({ meta: { name: 'other-pkg', version: '1.0.0', namespace: 'test', apiVersion: 1 }, plugins: [tinyGradCam] });
    const e = catchErr(() => r.register(clash));
    expect(e.code).toBe('SALIENCY_DUPLICATE_PLUGIN');
    expect(e.message).toContain('test/tiny-grad-cam');
    expect(e.message).toContain('other-pkg');
    expect(e.message).toContain('core-test-plugins');
    expect(r.list().filter((p) => p.packageName === 'other-pkg')).toEqual([]);
    r.register(clash, { override: true });
    expect(r.get('saliency-method', 'test/tiny-grad-cam').packageName).toBe('other-pkg');
  });

  it('names unknown plugins with a did-you-mean hint', () => {
    const r = new PluginRegistry();
    r.register(testPackage);
    const e = catchErr(() => r.get('saliency-method', 'test/tiny-grad-cma'));
    expect(e.code).toBe('SALIENCY_UNKNOWN_PLUGIN');
    expect(e.message).toMatch(/did you mean "test\/tiny-grad-cam"/);
    expect(catchErr(() => r.get('saliency-method', 'tiny-grad-cam')).message).toMatch(/did you mean "test\/tiny-grad-cam"/);
    expect(catchErr(() => r.get('saliency-method', 'test/mean-saliency')).message).toMatch(/is a metric, not a saliency-method/);
  });

  it('validates options: defaults merged, errors name the plugin and the option path, result frozen', async () => {
    const r = new PluginRegistry();
    r.register(testPackage);
    expect(r.optionsFor('saliency-method', 'test/tiny-grad-cam')).toEqual({ eps: 1e-7 });
    const e = catchErr(() => r.optionsFor('saliency-method', ['test/tiny-grad-cam', { eps: -1 }]));
    expect(e.code).toBe('SALIENCY_INVALID_OPTIONS');
    expect(e.message).toBe('Plugin "test/tiny-grad-cam": options/eps must be > 0 (got -1)');
    expect(catchErr(() => r.optionsFor('metric', ['test/mean-saliency', { scal: 2 }])).message).toBe(
      'Plugin "test/mean-saliency": options has unknown option "scal"',
    );
    expect(catchErr(() => r.optionsFor('metric', ['test/mean-saliency', { scale: 'big' }])).message).toContain('options/scale must be number');
    const o = r.optionsFor('metric', ['test/mean-saliency', { scale: 2 }]);
    expect(Object.isFrozen(o)).toBe(true);
  });

  it('refuses malformed packages and manifests with named errors', () => {
    const r = new PluginRegistry();
    const bad = (p: unknown) => catchErr(() => r.register(p as never));
    expect(bad(null).code).toBe('SALIENCY_INVALID_PLUGIN_PACKAGE');
    expect(bad({ meta: { name: 'x', version: '1', namespace: 'x', apiVersion: 2 }, plugins: [] }).message).toContain('apiVersion must be 1');
    expect(bad({ meta: { name: 'x', version: '1', namespace: 'Bad NS', apiVersion: 1 }, plugins: [] }).message).toContain('namespace must be kebab-case');
    const m = { ...tinyGradCam, id: 'Grad_CAM' };
    const e = bad({ meta: { name: 'x', version: '1', namespace: 'x', apiVersion: 1 }, plugins: [m] });
    expect(e.code).toBe('SALIENCY_INVALID_MANIFEST');
    expect(e.message).toContain('x plugins[0]');
    expect(e.message).toContain('"Grad_CAM"');
    const noCreate = { ...tinyGradCam, create: undefined };
    expect(bad({ meta: { name: 'x', version: '1', namespace: 'x', apiVersion: 1 }, plugins: [noCreate] }).message).toContain('create(options, deps)');
  });

  it('refuses a schema that does not compile, a schema without additionalProperties:false, and defaults that fail the schema', () => {
    const r = new PluginRegistry();
    const pkg = (schema: object, defaults: object = {}) => ({ meta: { name: 'y', version: '1', namespace: 'y', apiVersion: 1 }, plugins: [{ ...tinyGradCam, optionsSchema: schema, defaultOptions: defaults }] });
    const e1 = catchErr(() => r.register(pkg({ type: 'object', additionalProperties: false, properties: { k: { type: 'number', minimum: 'zero' } } }) as never));
    expect(e1.code).toBe('SALIENCY_INVALID_OPTIONS_SCHEMA');
    expect(e1.message).toContain('y/tiny-grad-cam');
    expect(catchErr(() => r.register(pkg({ type: 'object', properties: {} }) as never)).code).toBe('SALIENCY_INVALID_OPTIONS_SCHEMA');
    const e3 = catchErr(() => r.register(pkg({ type: 'object', additionalProperties: false, properties: { k: { type: 'number', minimum: 0 } } }, { k: -1 }) as never));
    expect(e3.code).toBe('SALIENCY_INVALID_OPTIONS');
    expect(isSaliencyError(e3)).toBe(true);
    expect(r.list()).toEqual([]);
  });

  it('creates instances with validated options and the given deps', async () => {
    const r = new PluginRegistry();
    r.register(testPackage);
    const m = await r.create('metric', ['test/mean-saliency', { scale: 3 }], { rng: undefined as never, logger: undefined as never });
    expect(m.id).toBe('test/mean-saliency');
  });
});
