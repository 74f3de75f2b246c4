/** Median (mean of the two middle values for an even count), min and max of a non-empty sample. */
export function summarize(samples: readonly number[]): { medianMs: number; minMs: number; maxMs: number } {
  if (samples.length === 0) throw new RangeError('summarize: no samples');
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const medianMs = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { medianMs, minMs: s[0]!, maxMs: s[s.length - 1]! };
}
