import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '../di/container.js';
import { isSaliencyError } from '../errors.js';
import { definePluginPackage, type AnyManifest, type ContrastSelectorManifest, type MetricManifest, type PluginDeps, type SaliencyMethodManifest } from '../manifest.js';
import type { MetricInput } from '../interfaces/metric.js';
import type { ModelAdapter, ModelSplit } from '../interfaces/model-adapter.js';
import type { Explanation } from '../interfaces/saliency-method.js';
import { createLogger, createRng } from '../services.js';
import { countLeaks } from './leaks.js';

function disposeExplanation(ex: Explanation): void {
  ex.maps.dispose();
  ex.raw?.dispose();
  ex.weights?.dispose();
}

/** Deps for creating a plugin in a test: a fixed seed and a silent logger. */
export function testDeps(adapter?: ModelAdapter, seed = 1234): PluginDeps {
  return { rng: createRng(seed), logger: createLogger('silent'), adapter };
}

function registryWith(manifest: AnyManifest): { registry: PluginRegistry; id: string } {
  const registry = new PluginRegistry();
  const [entry] = registry.register(definePluginPackage({ meta: { name: 'conformance-under-test', version: '0.0.0', namespace: 'test', apiVersion: 1 }, plugins: [manifest] }));
  return { registry, id: entry!.qualifiedId };
}

/** Shared option checks: defaults valid, each bad option rejected with a message naming the plugin. */
function describeOptions(manifest: AnyManifest, badOptions: readonly Record<string, unknown>[]): void {
  it('registers, and its default options pass its own schema', () => {
    const { registry, id } = registryWith(manifest);
    expect(registry.optionsFor(manifest.kind, id)).toEqual({ ...manifest.defaultOptions });
  });
  it('rejects unknown options', () => {
    const { registry, id } = registryWith(manifest);
    expect(() => registry.optionsFor(manifest.kind, [id, { __surely_not_an_option__: 1 }])).toThrow(/unknown option "__surely_not_an_option__"/);
  });
  for (const bad of badOptions) {
    it(`rejects options ${JSON.stringify(bad)} with a named error`, () => {
      const { registry, id } = registryWith(manifest);
      let err: unknown;
      try {
        registry.optionsFor(manifest.kind, [id, bad]);
      } catch (e) {
        err = e;
      }
      expect(isSaliencyError(err, 'SALIENCY_INVALID_OPTIONS')).toBe(true);
      expect((err as Error).message).toContain(id);
      expect((err as Error).message).toMatch(new RegExp(`options/(${Object.keys(bad).join('|')})`));
    });
  }
}

export interface MethodFixture {
  readonly adapter: ModelAdapter;
  readonly split: ModelSplit;
  /** `[B, H, W, C]` input; the kit disposes nothing it did not create. */
  readonly input: tf.Tensor4D;
  readonly targets: readonly number[];
  readonly contrasts?: readonly (readonly number[])[];
}

export interface MethodConformanceOptions {
  /** Builds the model/input once per test (called lazily, inside tests). */
  readonly fixture: () => Promise<MethodFixture>;
  readonly options?: Record<string, unknown>;
  readonly badOptions?: readonly Record<string, unknown>[];
}

/**
 * The conformance suite every saliency method passes: option handling, output shape `[B, H, W]`, values finite and
 * in `[0, 1]`, determinism (same inputs → identical maps), no tensor leaks, and inputs left undisposed.
 */
export function describeSaliencyMethod(manifest: SaliencyMethodManifest, opts: MethodConformanceOptions): void {
  describe(`conformance: saliency method "${manifest.id}"`, () => {
    describeOptions(manifest, opts.badOptions ?? []);
    const run = async (): Promise<{ fx: MethodFixture; ex: Explanation; data: Float32Array }> => {
      const fx = await opts.fixture();
      const { registry, id } = registryWith(manifest);
      const method = await registry.create('saliency-method', [id, opts.options ?? {}], testDeps(fx.adapter));
      const ex = await method.explain({ split: fx.split, input: fx.input, targets: fx.targets, contrasts: fx.contrasts });
      return { fx, ex, data: (await ex.maps.data()) as Float32Array };
    };
    it('returns [B, H, W] maps with finite values in [0, 1], leaving the input alive', async () => {
      const { fx, ex, data } = await run();
      const [b, h, w] = fx.input.shape;
      expect(ex.maps.shape).toEqual([b, h, w]);
      for (const v of data) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(fx.input.isDisposed).toBe(false);
      disposeExplanation(ex);
    });
    it('is deterministic', async () => {
      const a = await run();
      const b = await run();
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
      disposeExplanation(a.ex);
      disposeExplanation(b.ex);
    });
    it('leaks no tensors', async () => {
      const fx = await opts.fixture();
      const { registry, id } = registryWith(manifest);
      const method = await registry.create('saliency-method', [id, opts.options ?? {}], testDeps(fx.adapter));
      const call = () => method.explain({ split: fx.split, input: fx.input, targets: fx.targets, contrasts: fx.contrasts, intermediates: true });
      disposeExplanation(await call()); // warm-up caches
      const leaked = await countLeaks(call, disposeExplanation);
      expect(leaked).toBe(0);
    });
  });
}

export interface MetricConformanceOptions {
  readonly input: () => Promise<MetricInput>;
  readonly options?: Record<string, unknown>;
  readonly badOptions?: readonly Record<string, unknown>[];
}

/** The conformance suite of a metric: options, one finite score per image, determinism, no leaks. */
export function describeMetric(manifest: MetricManifest, opts: MetricConformanceOptions): void {
  describe(`conformance: metric "${manifest.id}"`, () => {
    describeOptions(manifest, opts.badOptions ?? []);
    it('declares its score direction and category', () => {
      expect(['higher', 'lower', 'neutral']).toContain(manifest.scoreDirection);
      expect(typeof manifest.category).toBe('string');
    });
    it('returns one finite score per image, deterministically, without leaks', async () => {
      const input = await opts.input();
      const { registry, id } = registryWith(manifest);
      const metric = await registry.create('metric', [id, opts.options ?? {}], testDeps(input.adapter));
      const first = await metric.evaluate(input);
      expect(first.scores.length).toBe(input.input.shape[0]);
      for (const s of first.scores) expect(Number.isFinite(s)).toBe(true);
      let second: Float64Array | undefined;
      const leaked = await countLeaks(async () => (second = (await metric.evaluate(input)).scores));
      expect(leaked).toBe(0);
      expect(Array.from(second!)).toEqual(Array.from(first.scores));
    });
  });
}

export interface SelectorConformanceOptions {
  readonly logits: () => tf.Tensor2D;
  readonly targets: readonly number[];
  readonly k: number;
  readonly numClasses: number;
  readonly options?: Record<string, unknown>;
  readonly badOptions?: readonly Record<string, unknown>[];
}

/** The conformance suite of a contrast selector: k distinct in-range classes per image, never the target. */
export function describeContrastSelector(manifest: ContrastSelectorManifest, opts: SelectorConformanceOptions): void {
  describe(`conformance: contrast selector "${manifest.id}"`, () => {
    describeOptions(manifest, opts.badOptions ?? []);
    it('returns k distinct valid classes per image, excluding the target, deterministically and without leaks', async () => {
      const { registry, id } = registryWith(manifest);
      const sel = await registry.create('contrast-selector', [id, opts.options ?? {}], testDeps());
      const logits = opts.logits();
      const req = { targets: opts.targets, logits, k: opts.k };
      const a = await sel.select(req);
      let b: number[][] = [];
      expect(await countLeaks(async () => (b = await sel.select(req)))).toBe(0);
      expect(b).toEqual(a);
      expect(a.length).toBe(opts.targets.length);
      a.forEach((row, i) => {
        expect(row.length).toBe(opts.k);
        expect(new Set(row).size).toBe(opts.k);
        for (const c of row) {
          expect(Number.isInteger(c) && c >= 0 && c < opts.numClasses).toBe(true);
          expect(c).not.toBe(opts.targets[i]);
        }
      });
      logits.dispose();
    });
  });
}
