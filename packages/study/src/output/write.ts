/**
 * JSON with object keys sorted at every level, so the same data always gives the same bytes (two same-seed runs
 * produce identical files); non-finite numbers are refused rather than silently written as `null`.
 */
export function stableJson(value: unknown, indent = 2): string {
  const sort = (v: unknown, path: string): unknown => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`stableJson: ${path} is ${v}; store null with a reason instead`);
    if (Array.isArray(v)) return v.map((x, i) => sort(x, `${path}[${i}]`));
    if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, (x, i) => sort(x, `${path}[${i}]`));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => [k, sort((v as Record<string, unknown>)[k], `${path}.${k}`)]));
    }
    return v;
  };
  return JSON.stringify(sort(value, '$'), null, indent) + '\n';
}
