import type { ErrorObject } from 'ajv';
import { nearestNames } from '@saliency/core';
import { NO_CONTROL } from './schema.js';

/** `/models/0/layers/1` → `config.models[0].layers[1]`. */
export function keyPath(pointer: string, root = 'config'): string {
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, k) => (/^\d+$/.test(k) ? `${acc}[${k}]` : `${acc}.${k}`), root);
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const raw of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const article = (t: string): string => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
const shown = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 80) ?? String(v));

/** One clause for one ajv error (without the path). */
function clause(e: ErrorObject, got: unknown): string {
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      const hint = nearestNames(key, allowed, 1).filter((n) => n.length > 1);
      return `has unknown key ${JSON.stringify(key)} (allowed: ${allowed.join(', ')})${hint.length ? `; did you mean "${hint[0]}"?` : ''}`;
    }
    case 'required':
      return `must have the key "${String(e.params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${shown(got)})`;
    case 'const':
      return `must be ${JSON.stringify(e.params.allowedValue)}`;
    case 'type':
      return `must be ${String(e.params.type).split(',').map(article).join(' or ')} (got ${kind(got)} ${shown(got)})`;
    case 'exclusiveMinimum':
      return `must be > ${String(e.params.limit)} (got ${shown(got)})`;
    case 'exclusiveMaximum':
      return `must be < ${String(e.params.limit)} (got ${shown(got)})`;
    case 'minimum':
      return `must be >= ${String(e.params.limit)} (got ${shown(got)})`;
    case 'maximum':
      return `must be <= ${String(e.params.limit)} (got ${shown(got)})`;
    case 'minItems':
      return `must have at least ${String(e.params.limit)} item(s) (got ${Array.isArray(got) ? got.length : 0})`;
    case 'maxItems':
      return `must have at most ${String(e.params.limit)} item(s) (got ${Array.isArray(got) ? got.length : 0})`;
    case 'pattern':
      if (e.params.pattern === NO_CONTROL) return `must not contain control characters such as newlines or tabs (got ${shown(got)})`;
      return `must match ${String(e.params.pattern)} (got ${shown(got)})`;
    default:
      return `${e.message ?? 'is invalid'} (got ${shown(got)})`;
  }
}

/** One branch of a "must be A or B" message. */
function alternative(e: ErrorObject): string {
  if (e.keyword === 'const') return JSON.stringify(e.params.allowedValue);
  if (e.keyword === 'enum') return `one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return String(e.params.type).split(',').map(article).join(' or ');
}

/**
 * Turns ajv's error list into the one message that locates the problem: the deepest failing key, so that for
 * `string | [id, options]` an error inside the array wins over "must be a string"; alternatives failing at the
 * same key are joined ("must be false or must be object"). Needs ajv's `verbose` errors (for the allowed keys).
 */
export function formatSchemaErrors(errors: readonly ErrorObject[], data: unknown): string {
  const real = errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword));
  const depth = (e: ErrorObject) => e.instancePath.split('/').length + (e.keyword === 'additionalProperties' || e.keyword === 'required' ? 0.5 : 0);
  const deepest = Math.max(...real.map(depth));
  const at = real.filter((e) => depth(e) === deepest);
  const pointer = at[0]!.instancePath;
  const got = valueAt(data, pointer);
  // A value of the wrong type fails every branch with a type/const clause: say what it may be and what it is.
  const typeOnly = at.every((e) => e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum');
  const text =
    typeOnly && at.length > 1
      ? `must be ${[...new Set(at.map(alternative))].join(' or ')} (got ${kind(got)} ${shown(got)})`
      : [...new Set(at.map((e) => clause(e, got)))].join('; ');
  return `${keyPath(pointer)} ${text}`;
}
