import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { SaliencyError } from '../errors.js';
import type { AnyManifest } from '../manifest.js';

// One instance for the whole process; validators are compiled lazily and cached per manifest (ESLint's way).
const ajv = new Ajv({ strict: true, allErrors: true, useDefaults: false, allowUnionTypes: true });
const cache = new WeakMap<object, ValidateFunction>();

/** Compiles (once) the manifest's schema; a schema that does not compile is the plugin author's bug. */
export function compileOptionsSchema(manifest: AnyManifest, qualifiedId: string): ValidateFunction {
  const hit = cache.get(manifest);
  if (hit) return hit;
  const schema = manifest.optionsSchema as Record<string, unknown>;
  if (schema === null || typeof schema !== 'object' || schema.type !== 'object' || schema.additionalProperties !== false) {
    throw new SaliencyError(
      'SALIENCY_INVALID_OPTIONS_SCHEMA',
      `Plugin "${qualifiedId}": optionsSchema must be an object schema with additionalProperties: false`,
    );
  }
  let fn: ValidateFunction;
  try {
    fn = ajv.compile(schema);
  } catch (e) {
    throw new SaliencyError('SALIENCY_INVALID_OPTIONS_SCHEMA', `Plugin "${qualifiedId}": optionsSchema does not compile: ${(e as Error).message}`, undefined, { cause: e });
  }
  cache.set(manifest, fn);
  return fn;
}

function describe(err: ErrorObject, data: unknown): string {
  const path = `options${err.instancePath}`;
  const got = valueAt(data, err.instancePath);
  const gotText = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
  switch (err.keyword) {
    case 'additionalProperties':
      return `${path} has unknown option "${String(err.params.additionalProperty)}"`;
    case 'required':
      return `${path} must have option "${String(err.params.missingProperty)}"`;
    case 'enum':
      return `${path} must be one of ${(err.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${gotText}`;
    case 'exclusiveMinimum':
      return `${path} must be > ${String(err.params.limit)}${gotText}`;
    case 'exclusiveMaximum':
      return `${path} must be < ${String(err.params.limit)}${gotText}`;
    case 'minimum':
      return `${path} must be >= ${String(err.params.limit)}${gotText}`;
    case 'maximum':
      return `${path} must be <= ${String(err.params.limit)}${gotText}`;
    default:
      return `${path} ${err.message ?? 'is invalid'}${gotText}`;
  }
}

function valueAt(data: unknown, pointer: string): unknown {
  if (!pointer) return undefined;
  let cur: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * Merges defaults with the user's options, validates the result against the manifest's schema and freezes it.
 * Errors name the plugin and the option path: `Plugin "cam/grad-cam-plus-plus": options/eps must be > 0 (got -1)`.
 */
export function resolveOptions<O extends object>(manifest: AnyManifest, qualifiedId: string, user: unknown): Readonly<O> {
  if (user !== undefined && (user === null || typeof user !== 'object' || Array.isArray(user))) {
    throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Plugin "${qualifiedId}": options must be an object (got ${JSON.stringify(user)})`);
  }
  const merged = { ...(manifest.defaultOptions as object), ...((user as object | undefined) ?? {}) };
  const validate = compileOptionsSchema(manifest, qualifiedId);
  if (!validate(merged)) {
    const msgs = (validate.errors ?? []).map((e) => describe(e, merged));
    throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Plugin "${qualifiedId}": ${[...new Set(msgs)].join('; ')}`, {
      plugin: qualifiedId,
      errors: validate.errors,
    });
  }
  return deepFreeze(merged) as Readonly<O>;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !ArrayBuffer.isView(o) && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
