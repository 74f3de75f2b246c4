import { SaliencyError } from '@saliency/core';

const bad = (flag: string, msg: string): never => {
  throw new SaliencyError('SALIENCY_INVALID_CONFIG', `${flag} ${msg}`);
};

/** `"0.485,0.456,0.406"` → three finite numbers. */
export function parseTriple(v: string, flag: string): [number, number, number] {
  const parts = v.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p))) bad(flag, `must be three comma-separated numbers (got ${v})`);
  return parts as [number, number, number];
}

/** A finite number (`--scale nan` would turn every pixel into NaN). */
export function parseFinite(v: string, flag: string): number {
  const n = Number(v.trim());
  if (v.trim() === '' || !Number.isFinite(n)) bad(flag, `must be a finite number (got ${v})`);
  return n;
}

/** `"224,224"` → [224, 224] (positive integers). */
export function parseSize(v: string, flag: string): [number, number] {
  const parts = v.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((p) => !Number.isInteger(p) || p < 1)) bad(flag, `must be <height>,<width> in pixels (got ${v})`);
  return parts as [number, number];
}

/** A JSON object given on the command line. */
export function parseJsonOption(v: string, flag: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch (e) {
    bad(flag, `is not valid JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) bad(flag, 'must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** `--std`: three non-zero numbers (a zero would turn every pixel of that channel into ±Infinity). */
export function parseStd(v: string): [number, number, number] {
  const t = parseTriple(v, '--std');
  if (t.some((x) => x === 0)) bad('--std', `must not contain 0 (got ${v})`);
  return t;
}
