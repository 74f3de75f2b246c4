import { Ajv } from 'ajv';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { plugin as adapters } from '@saliency/adapters';
import { plugin as methodCase } from '@saliency/method-case';
import { plugin as methodsCam } from '@saliency/methods-cam';
import { plugin as metrics } from '@saliency/metrics';
import { plugin as datasets } from '@saliency/study/plugin';
import { plugin as zoo } from '@saliency/zoo/plugin';
import { isSaliencyError, PluginRegistry, type RegisteredPlugin } from '../../src/index.js';
import { testPackage } from '../helpers/fixture-plugins.js';

/**
 * Option objects for every registered plugin (first-party, the zoo's, core's test fixtures): resolving them gives
 * either deep-frozen options = defaults ∪ user options that a separate validator accepts, or one
 * SALIENCY_INVALID_OPTIONS line naming the plugin, exactly when that validator rejects them.
 * SALIENCY_HEAVY=1 raises the runs from 100 to 1000 per plugin.
 */
const HEAVY = process.env.SALIENCY_HEAVY === '1';
const RUNS = HEAVY ? 1000 : 100;
/** Fixed, so a failure replays; SALIENCY_FUZZ_SEED explores other streams. */
const SEED = Number(process.env.SALIENCY_FUZZ_SEED ?? 4242);

const registry = new PluginRegistry();
for (const p of [adapters, methodCase, methodsCam, metrics, datasets, zoo, testPackage]) registry.register(p);
const plugins = registry.list();
// An independent judge: a fresh ajv, not the registry's compiled validators (NaN and ±Infinity are not numbers).
const judge = new Ajv({ strict: false, strictNumbers: true, allErrors: true });

const deepFrozen = (v: unknown): boolean => !v || typeof v !== 'object' || ArrayBuffer.isView(v) || (Object.isFrozen(v) && Object.values(v).every(deepFrozen));
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }));

type Schema = { properties?: Record<string, Schema>; enum?: unknown[]; type?: string | string[]; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number };

/** Values aimed at a property's schema: its enum members, numbers at and past its bounds, anything at all. */
function valuesFor(s: Schema | undefined): fc.Arbitrary<unknown> {
  const bounds = [s?.minimum, s?.maximum, s?.exclusiveMinimum, s?.exclusiveMaximum].filter((b): b is number => typeof b === 'number');
  const near = bounds.flatMap((b) => [b, b - 1, b + 1, b - 1e-9, b + 1e-9, -b]);
  return fc.oneof(
    fc.jsonValue(),
    fc.constantFrom<unknown>(0, -1, 1, 0.5, 1e9, -1e9, Number.NaN, Number.POSITIVE_INFINITY, null, true, '', 'auto', [], {}, ...near, ...(s?.enum ?? [])),
    fc.double(),
    fc.integer(),
    anyString,
  );
}

/** User options for one plugin: not an object at all, random keys, or its own keys with aimed values. */
function optionsFor(p: RegisteredPlugin): fc.Arbitrary<unknown> {
  const schema = p.manifest.optionsSchema as Schema;
  const keys = Object.keys(schema.properties ?? {});
  const own = keys.length
    ? fc.dictionary(fc.constantFrom(...keys), fc.constant(undefined)).chain((d) => fc.record(Object.fromEntries(Object.keys(d).map((k) => [k, valuesFor(schema.properties?.[k])]))))
    : fc.constant({});
  return fc.oneof(
    { arbitrary: fc.jsonValue(), weight: 1 },
    { arbitrary: fc.dictionary(anyString, fc.jsonValue(), { maxKeys: 3 }), weight: 1 },
    { arbitrary: own, weight: 4 },
    { arbitrary: fc.tuple(own, anyString, fc.jsonValue()).map(([o, k, v]) => Object.defineProperty({ ...o }, k, { value: v, enumerable: true })), weight: 1 },
  );
}

const totals = { plugins: 0, ok: 0, refused: 0 };
afterAll(() => console.log(`[fuzz] options: ${totals.plugins} plugins, ${totals.ok} resolved, ${totals.refused} refused`));

describe('option fuzzing over every registered plugin', () => {
  it('covers every kind of plugin', () => {
    expect(new Set(plugins.map((p) => p.kind))).toEqual(new Set(['saliency-method', 'contrast-selector', 'metric', 'model-adapter', 'dataset-source']));
  });

  it.each(plugins.map((p) => [p.qualifiedId, p] as const))('%s: frozen valid options or one SALIENCY_INVALID_OPTIONS line naming it', (id, p) => {
    const validate = judge.compile(p.manifest.optionsSchema as object);
    const tally = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(optionsFor(p), (user) => {
        const isObject = user === undefined || (user !== null && typeof user === 'object' && !Array.isArray(user));
        const merged = isObject ? { ...(p.manifest.defaultOptions as object), ...(user as object) } : undefined;
        const expectValid = isObject && validate(merged);
        let got: unknown;
        try {
          got = registry.optionsFor(p.kind, [id, user as Record<string, unknown>]);
        } catch (e) {
          expect(isSaliencyError(e, 'SALIENCY_INVALID_OPTIONS'), String((e as Error)?.stack ?? e)).toBe(true);
          expect((e as Error).message.startsWith(`Plugin "${id}": `)).toBe(true);
          expect((e as Error).message).not.toMatch(/[\n\r]/);
          expect(expectValid, `refused options the schema accepts: ${(e as Error).message}`).toBe(false);
          tally.refused++;
          return;
        }
        expect(expectValid, 'accepted options the schema refuses').toBe(true);
        expect(got).toEqual(merged);
        expect(deepFrozen(got)).toBe(true);
        tally.ok++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    Object.assign(totals, { plugins: totals.plugins + 1, ok: totals.ok + tally.ok, refused: totals.refused + tally.refused });
    // Both outcomes were reached, so neither check above is vacuous (a plugin without options can only be fine).
    expect(tally.refused).toBeGreaterThan(0);
    if (Object.keys((p.manifest.optionsSchema as Schema).properties ?? {}).length) expect(tally.ok).toBeGreaterThan(0);
  });
});
