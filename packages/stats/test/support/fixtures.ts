import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A JSON number as the fixtures write it: non-finite values as strings, null for "not applicable". */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity' | null;

/** The JSON value as a JS number (null → NaN). */
export function num(v: JsonNumber | undefined): number {
  if (v === undefined || v === null || v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v;
}

export interface WilcoxonCall {
  kwargs: { alternative?: 'two-sided' | 'less' | 'greater'; method?: 'auto' | 'exact' | 'approx'; correction?: boolean; zero_method?: 'wilcox' | 'pratt' | 'zsplit' };
  effective_method: 'exact' | 'approx';
  statistic: JsonNumber;
  pvalue: JsonNumber;
  zstatistic?: JsonNumber;
  error: string | null;
  warnings: string[];
}

export interface StatsFixture {
  scipy_version: string;
  wilcoxon: { name: string; note: string; scores: number[]; threshold: number; d: number[]; n: number; n_zero: number; calls: Record<string, WilcoxonCall> }[];
  ttest_rel: {
    name: string;
    a: number[];
    b: number[];
    authors_alternative: string;
    calls: Record<'two-sided' | 'less' | 'greater', { statistic: JsonNumber; pvalue: JsonNumber; df: number; warnings: string[] }>;
  }[];
  gaussian_kde: {
    name: string;
    values: number[];
    factor: number;
    covariance: number;
    bandwidth_std: number;
    n: number;
    neff: number;
    grid: number[];
    density: number[];
    fixed_grid: number[];
    fixed_density: number[];
  }[];
}

export interface SpecialFixture {
  ndtr: [number, JsonNumber][];
  ndtri: [number, JsonNumber][];
  erf: [number, number, number][];
  lngamma: [number, number][];
  lnbeta: [number, number, number][];
  betainc: [number, number, number, number, number][];
  stdtr: [number, number, number][];
  stdtrit: [number, number, number][];
  pairwise_sum: [number[], number][];
  linspace: [number, number, number, number[]][];
  quantile: [number[], number, number][];
  median: [number[], number][];
  var: [number[], JsonNumber, number][];
  ttest_rel_ci: [string, 'two-sided' | 'less' | 'greater', number, JsonNumber, JsonNumber][];
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8')) as T;
}

/** scipy 1.10.1 outputs (copied from the shared oracle fixtures, public split). */
export const statsFixture: StatsFixture = load<StatsFixture>('stats.json');
/** High-precision references (see fixtures/generate-special.py). */
export const specialFixture: SpecialFixture = load<SpecialFixture>('special.json');
