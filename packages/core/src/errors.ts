/**
 * Every failure a user can cause carries a stable code (`SALIENCY_<NOUN>_<PROBLEM>`) and a message that names
 * the file, layer, option or value that is wrong, so the CLI can print one line and programs can branch on it.
 */
export const ErrorCodes = [
  'SALIENCY_INVALID_OPTIONS',
  'SALIENCY_INVALID_OPTIONS_SCHEMA',
  'SALIENCY_INVALID_MANIFEST',
  'SALIENCY_INVALID_PLUGIN_PACKAGE',
  'SALIENCY_PLUGIN_LOAD_FAILED',
  'SALIENCY_DUPLICATE_PLUGIN',
  'SALIENCY_UNKNOWN_PLUGIN',
  'SALIENCY_INVALID_CONFIG',
  'SALIENCY_MODEL_NOT_FOUND',
  'SALIENCY_MODEL_INVALID',
  'SALIENCY_WEIGHTS_INVALID',
  'SALIENCY_UNKNOWN_LAYER',
  'SALIENCY_LAYER_NOT_SPATIAL',
  'SALIENCY_INVALID_INPUT',
  'SALIENCY_INVALID_TARGET',
  'SALIENCY_INVALID_IMAGE',
  'SALIENCY_INVALID_MATRIX',
  /** Raised by @saliency/stats (which has no dependency on core) as its own StatsInputError class. */
  'SALIENCY_INVALID_STATS_INPUT',
  'SALIENCY_BACKEND_UNAVAILABLE',
  'SALIENCY_ABORTED',
  'SALIENCY_IO_FAILED',
  'SALIENCY_UNSUPPORTED',
] as const;
export type ErrorCode = (typeof ErrorCodes)[number];

export class SaliencyError extends Error {
  override readonly name = 'SaliencyError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * `ENOSPC: no space left on device` from a Node file-system error: its message without the syscall and the path
 * Node appends (often a temporary file the user never named), for `SALIENCY_IO_FAILED` messages that name the real file.
 */
export function ioErrorReason(e: unknown): string {
  const { code, message } = (e ?? {}) as { code?: string; message?: string };
  const text = String(message ?? e).split('\n')[0]!.replace(/, \w+(?: '.*)?$/, '');
  return code && !text.startsWith(`${code}:`) ? `${code}: ${text}` : text;
}

export function isSaliencyError(e: unknown, code?: ErrorCode): e is SaliencyError {
  return e instanceof Error && (e as SaliencyError).name === 'SaliencyError' && (code === undefined || (e as SaliencyError).code === code);
}

/** Levenshtein distance, for "did you mean" hints on unknown ids and layer names. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The `limit` candidates closest to `name` (substring matches first, then by edit distance). */
export function nearestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  return [...candidates]
    .map((c) => {
      const cl = c.toLowerCase();
      const sub = cl.includes(lower) || lower.includes(cl) ? 0 : 1;
      return { c, score: sub * 1000 + editDistance(lower, cl) };
    })
    .sort((x, y) => x.score - y.score || x.c.localeCompare(y.c))
    .slice(0, limit)
    .map((x) => x.c);
}
