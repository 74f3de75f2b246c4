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

/** One ajv error as `[options path, what it must be]`; the offending value is added by the caller. */
function describe(err: ErrorObject): [string, string] {
  const path = `options${err.instancePath}`;
  switch (err.keyword) {
    case 'additionalProperties':
      return [path, `has unknown option ${JSON.stringify(String(err.params.additionalProperty))}`];
    case 'required':
      return [path, `must have option "${String(err.params.missingProperty)}"`];
    case 'enum':
      return [path, `must be one of ${(err.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`];
    case 'const':
      return [path, `must be ${JSON.stringify(err.params.allowedValue)}`];
    case 'exclusiveMinimum':
      return [path, `must be > ${String(err.params.limit)}`];
    case 'exclusiveMaximum':
      return [path, `must be < ${String(err.params.limit)}`];
    case 'minimum':
      return [path, `must be >= ${String(err.params.limit)}`];
    case 'maximum':
      return [path, `must be <= ${String(err.params.limit)}`];
    default:
      return [path, err.message ?? 'is invalid'];
  }
}

/**
 * One clause per failing option, with the value it got. The branches of an `anyOf` are joined with "or" (ajv
 * reports each branch, then "must match a schema in anyOf", which names nothing the user can act on).
 */
function describeAll(errors: readonly ErrorObject[], data: unknown): string {
  const anyOf = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const clauses = new Map<string, { pointer: string; path: string; texts: string[] }>();
  for (const e of errors) {
    if (e.keyword === 'anyOf') continue;
    const [path, text] = describe(e);
    const key = anyOf.has(e.instancePath) ? `anyOf:${e.instancePath}` : `${e.instancePath}|${text}`;
    const c = clauses.get(key) ?? { pointer: e.instancePath, path, texts: [] };
    if (!c.texts.includes(text)) c.texts.push(text);
    clauses.set(key, c);
  }
  return [...clauses.values()]
    .map((c) => {
      const got = valueAt(data, c.pointer);
      return `${c.path} ${c.texts.join(' or ')}${got === undefined ? '' : ` (got ${shown(got)})`}`;
    })
    .join('; ');
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
    throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Plugin "${qualifiedId}": options must be an object (got ${shown(user)})`);
  }
  const merged = { ...(manifest.defaultOptions as object), ...((user as object | undefined) ?? {}) };
  const validate = compileOptionsSchema(manifest, qualifiedId);
  if (!validate(merged)) {
    throw new SaliencyError('SALIENCY_INVALID_OPTIONS', `Plugin "${qualifiedId}": ${describeAll(validate.errors ?? [], merged)}`, {
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

/** A value as JSON, except the numbers JSON cannot hold (JSON.stringify turns NaN and ±Infinity into "null"). */
function shown(v: unknown): string {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : (JSON.stringify(v) ?? String(v));
}
