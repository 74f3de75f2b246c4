import type { AgreementCell } from '../analysis/agreement-table.js';
import type { DropCell } from '../analysis/drop-table.js';
import type { GroundTruthCell } from '../analysis/ground-truth.js';
import { fmt, fmtP, interval, meanSd } from './format.js';

/** Cell texts shared by tables.md and report.html, so both say exactly the same. */
export interface CellText {
  /** The headline (a p-value or a mean ± SD). */
  readonly main: string;
  /** Significant at the study's alpha after correction. */
  readonly marked: boolean;
  readonly detail: string;
}

export function agreementText(c: AgreementCell, corrected: boolean): CellText {
  const p = corrected ? c.pAdjusted : c.p;
  return {
    main: `p ${fmtP(p, c.reason)}${corrected && c.p !== null ? ` (raw ${fmtP(c.p)})` : ''}`,
    marked: c.significant === true,
    detail: `median ${fmt(c.median, 2, c.reason)} ${interval(c.medianCi)}, mean ${meanSd(c.mean, c.sd, 2, c.reason)}, r ${fmt(c.rankBiserial, 2, c.reason)}, W ${fmt(c.statistic, 1, c.reason)}, n ${c.n}${c.test ? ` (${c.test})` : ''}`,
  };
}

export function dropText(c: DropCell, reference: string): CellText {
  const main = meanSd(c.mean, c.sd, 4, c.reason);
  const v = c.vsReference;
  if (!v) return { main, marked: false, detail: c.method === reference ? `reference; raw drop ${meanSd(c.rawMean, c.rawSd, 4, c.reason)}, n ${c.n}` : `n ${c.n}` };
  const r = v.reason;
  return {
    main,
    marked: v.pTwoSidedAdjusted !== null && v.pTwoSidedAdjusted < 0.05,
    detail:
      `vs ${reference}: two-sided p ${fmtP(v.pTwoSidedAdjusted, r)} (raw ${fmtP(v.pTwoSided, r)}), one-sided p ${fmtP(v.pOneSidedAdjusted, r)} (raw ${fmtP(v.pOneSided, r)}), ` +
      `Δ ${fmt(v.meanDifference, 4, r)} ${interval(v.ci, 4)}, d_z ${fmt(v.dz, 2, r)}, n ${v.n}; raw drop ${meanSd(c.rawMean, c.rawSd, 4)}`,
  };
}

export function groundTruthText(c: GroundTruthCell, reference: string): CellText {
  const cols = Object.entries(c.columns).map(([k, v]) => `${k} ${fmt(v, 3)}`).join(', ');
  const v = c.vsReference;
  return {
    main: meanSd(c.mean, c.sd, 3, c.n ? undefined : 'no images with masks'),
    marked: !!v && v.pAdjusted !== null && v.pAdjusted < 0.05,
    detail: `${cols ? `${cols}; ` : ''}${v ? `vs ${reference}: Δ ${fmt(v.meanDifference, 3, v.reason)}, p ${fmtP(v.pAdjusted, v.reason)}, d_z ${fmt(v.dz, 2, v.reason)}, ` : ''}n ${c.n}`,
  };
}
