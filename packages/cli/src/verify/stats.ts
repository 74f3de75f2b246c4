import { gaussianKde, ttestRel, wilcoxon, type WilcoxonResult } from '@saliency/stats';
import { readFixtureJson } from './fixture-files.js';

type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity' | null;
const num = (v: JsonNumber | undefined): number => (v === undefined || v === null || v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);

interface WilcoxonCall {
  kwargs: { alternative?: 'two-sided' | 'less' | 'greater'; method?: 'auto' | 'exact' | 'approx'; correction?: boolean; zero_method?: 'wilcox' | 'pratt' | 'zsplit' };
  statistic: JsonNumber;
  pvalue: JsonNumber;
  zstatistic?: JsonNumber;
  error: string | null;
}
interface StatsFile {
  wilcoxon?: { name: string; scores: number[]; threshold: number; calls: Record<string, WilcoxonCall> }[];
  ttest_rel?: { name: string; a: number[]; b: number[]; calls: Record<string, { statistic: JsonNumber; pvalue: JsonNumber; df: number }> }[];
  gaussian_kde?: { name: string; values: number[]; factor: number; covariance: number; grid: number[]; density: number[]; fixed_grid: number[]; fixed_density: number[] }[];
}

export interface StatsCheck {
  cases: number;
  failed: number;
  maxAbsDiff: number;
  maxRelDiff: number;
}
export interface StatsReport {
  byTest: Record<'wilcoxon' | 'ttest_rel' | 'gaussian_kde', StatsCheck>;
  failures: string[];
}

/**
 * Recomputes every call recorded in a `stats.json` (FORMAT.md §8): values within 1e-9 absolute + 1e-7 relative of
 * scipy (KDE densities 1e-9 relative); NaN, ±Infinity and raised errors must be reproduced as such.
 */
export async function verifyStats(path: string): Promise<StatsReport> {
  const file = await readFixtureJson<StatsFile>(path);
  const byTest = {
    wilcoxon: { cases: 0, failed: 0, maxAbsDiff: 0, maxRelDiff: 0 },
    ttest_rel: { cases: 0, failed: 0, maxAbsDiff: 0, maxRelDiff: 0 },
    gaussian_kde: { cases: 0, failed: 0, maxAbsDiff: 0, maxRelDiff: 0 },
  };
  const failures: string[] = [];
  const close = (s: StatsCheck, got: number, want: number, abs: number, rel: number): boolean => {
    if (Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))) return true;
    if (!Number.isFinite(got) || !Number.isFinite(want)) return false;
    const d = Math.abs(got - want);
    s.maxAbsDiff = Math.max(s.maxAbsDiff, d);
    if (want !== 0) s.maxRelDiff = Math.max(s.maxRelDiff, d / Math.abs(want));
    return d <= abs + rel * Math.abs(want);
  };
  for (const w of file.wilcoxon ?? []) {
    const d = w.scores.map((s) => s - w.threshold);
    for (const [name, call] of Object.entries(w.calls)) {
      const s = byTest.wilcoxon;
      s.cases++;
      const k = call.kwargs;
      const r: WilcoxonResult = wilcoxon(d, { alternative: k.alternative ?? 'two-sided', method: k.method ?? 'auto', correction: k.correction ?? false, zeroMethod: k.zero_method ?? 'wilcox' });
      const ok = call.error
        ? !!r.error && Number.isNaN(r.pvalue)
        : !r.error &&
          close(s, r.statistic, num(call.statistic), 1e-9, 1e-7) &&
          close(s, r.pvalue, num(call.pvalue), 1e-9, 1e-7) &&
          (call.zstatistic === undefined || close(s, r.zstatistic ?? NaN, num(call.zstatistic), 1e-9, 1e-7));
      if (!ok) {
        s.failed++;
        failures.push(`wilcoxon ${w.name}/${name}: got statistic ${r.statistic}, p ${r.pvalue}${r.error ? ` (error: ${r.error})` : ''}; scipy ${String(call.statistic)}, p ${String(call.pvalue)}${call.error ? ` (error: ${call.error})` : ''}`);
      }
    }
  }
  for (const t of file.ttest_rel ?? []) {
    for (const [alt, call] of Object.entries(t.calls)) {
      const s = byTest.ttest_rel;
      s.cases++;
      const r = ttestRel(t.a, t.b, { alternative: alt as 'two-sided' | 'less' | 'greater' });
      const ok = close(s, r.statistic, num(call.statistic), 1e-9, 1e-7) && close(s, r.pvalue, num(call.pvalue), 1e-9, 1e-7) && r.df === call.df;
      if (!ok) {
        s.failed++;
        failures.push(`ttest_rel ${t.name}/${alt}: got t ${r.statistic}, p ${r.pvalue}, df ${r.df}; scipy t ${String(call.statistic)}, p ${String(call.pvalue)}, df ${call.df}`);
      }
    }
  }
  for (const k of file.gaussian_kde ?? []) {
    const s = byTest.gaussian_kde;
    s.cases++;
    const kde = gaussianKde(k.values, { bwMethod: 'scott' });
    let ok = close(s, kde.factor, k.factor, 0, 1e-9) && close(s, kde.covariance, k.covariance, 0, 1e-9);
    for (const [grid, density] of [[k.grid, k.density], [k.fixed_grid, k.fixed_density]] as const) {
      const got = kde.evaluate(grid);
      density.forEach((want, i) => (ok = close(s, got[i]!, want, 0, 1e-9) && ok));
    }
    if (!ok) {
      s.failed++;
      failures.push(`gaussian_kde ${k.name}: factor ${kde.factor} vs ${k.factor}, covariance ${kde.covariance} vs ${k.covariance} or densities differ`);
    }
  }
  return { byTest, failures };
}
