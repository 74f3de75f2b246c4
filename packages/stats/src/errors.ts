/*
 * The error every invalid statistics input throws. `@saliency/stats` has no runtime dependency on the other
 * workspace packages, so it defines its own error class; the `code` follows the workspace convention
 * (`SALIENCY_<NOUN>_<PROBLEM>`) so the CLI can branch on it exactly as on `SaliencyError` codes.
 */
/** The `code` of every {@link StatsInputError}. */
export const STATS_INPUT_ERROR_CODE = 'SALIENCY_INVALID_STATS_INPUT' as const;

/**
 * Thrown for empty vectors, mismatched lengths, NaN (or, where not allowed, infinite) values and bad options.
 * No scipy counterpart: scipy 1.10.1 raises ValueError for mismatched lengths and unknown options, and returns NaN
 * for empty or NaN input (nan_policy='propagate'); this package throws in all of those cases.
 */
export class StatsInputError extends Error {
  override readonly name = 'StatsInputError';
  readonly code = STATS_INPUT_ERROR_CODE;
  constructor(
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/** True when `e` is a {@link StatsInputError} (checked by name and code, so it also works across bundles). Not a scipy function. */
export function isStatsInputError(e: unknown): e is StatsInputError {
  return e instanceof Error && (e as StatsInputError).name === 'StatsInputError' && (e as StatsInputError).code === STATS_INPUT_ERROR_CODE;
}
