import type { PluginRef } from '@saliency/core';
import type { Alternative, Backend, StudyConfig, TieOrder } from './types.js';

/** Every setting in force, defaults and parity applied; reports print this object as it is. */
export interface StudySettings {
  readonly parity: 'default' | 'reference-code';
  readonly seed: number;
  readonly backend: Backend;
  readonly sampling: { readonly images: number; readonly correctOnly: boolean; readonly calibration: number; readonly batchSize: number };
  readonly contrast: { readonly selector: readonly [string, Readonly<Record<string, unknown>>]; readonly k: number; readonly order: 'count-then-index' | 'numpy' };
  readonly agreement: false | { readonly kPercent: number; readonly tieOrder: TieOrder };
  readonly confidenceDrop:
    | false
    | { readonly kPercent: number; readonly replacement: 'zero' | 'blur'; readonly tieOrder: TieOrder; readonly legacyTransposedMask: boolean; readonly reference: string };
  readonly channelActivity: false | { readonly tau: number; readonly extraTaus: readonly number[]; readonly topChannels: number };
  /** `explicit`: the config asked for it (a missing plugin is then an error, not a skipped measure). */
  readonly groundTruth: false | { readonly metric: string; readonly options: Readonly<Record<string, unknown>>; readonly contrast: 'selector' | 'designed'; readonly explicit: boolean };
  readonly statistics: {
    readonly threshold: number;
    readonly alternative: Alternative;
    readonly correction: 'holm' | 'none';
    readonly alpha: number;
    readonly confidenceLevel: number;
    readonly roundBeforeTests: boolean;
  };
  readonly outputs: { readonly gridImages: number; readonly report: boolean };
  readonly plugins: { readonly discovery: boolean };
}

/**
 * ALGORITHMS.md §10: our default and the authors' code value of every divergence. `parity: "reference-code"`
 * picks the second column for all of them at once.
 */
const PARITY = {
  threshold: [50, 70],
  tieOrder: ['value-then-index', 'numpy'],
  correctOnly: [true, false],
  contrastOrder: ['count-then-index', 'numpy'],
  legacyTransposedMask: [false, true],
  tau: [0.001, 0.1],
  extraTau: [0.1, 0.001],
  roundBeforeTests: [false, true],
} as const;

const asRef = (r: PluginRef): [string, Record<string, unknown>] => (typeof r === 'string' ? [r, {}] : [r[0], { ...(r[1] ?? {}) }]);

/** Applies defaults, then parity, then the config's explicit values (which always win). */
export function resolveSettings(c: StudyConfig): StudySettings {
  const p = c.parity === 'reference-code' ? 1 : 0;
  const m = c.metrics ?? {};
  const s = c.statistics ?? {};
  const on = <T extends object>(v: T | false | undefined): T | undefined => (v === false ? undefined : (v ?? ({} as T)));
  const agreement = on(m.agreement);
  const drop = on(m.confidenceDrop);
  const channels = on(m.channelActivity);
  const gt = on(m.groundTruth);
  return {
    parity: c.parity ?? 'default',
    seed: c.seed ?? 42,
    backend: c.backend ?? 'auto',
    sampling: {
      images: c.sampling?.images ?? 100,
      correctOnly: c.sampling?.correctOnly ?? PARITY.correctOnly[p],
      calibration: c.sampling?.calibration ?? 200,
      batchSize: c.sampling?.batchSize ?? 16,
    },
    contrast: {
      selector: asRef(c.contrast?.selector ?? 'case/confusion-matrix'),
      k: c.contrast?.k ?? 1,
      order: c.contrast?.order ?? PARITY.contrastOrder[p],
    },
    agreement: agreement ? { kPercent: agreement.kPercent ?? 5, tieOrder: agreement.tieOrder ?? PARITY.tieOrder[p] } : false,
    confidenceDrop: drop
      ? {
          kPercent: drop.kPercent ?? 50,
          replacement: drop.replacement ?? 'zero',
          tieOrder: drop.tieOrder ?? PARITY.tieOrder[p],
          legacyTransposedMask: drop.legacyTransposedMask ?? PARITY.legacyTransposedMask[p],
          reference: drop.reference ?? 'case/case',
        }
      : false,
    channelActivity: channels
      ? { tau: channels.tau ?? PARITY.tau[p], extraTaus: channels.extraTaus ?? [PARITY.extraTau[p]], topChannels: channels.topChannels ?? 10 }
      : false,
    groundTruth: gt ? { metric: gt.metric ?? 'metrics/unique-evidence', options: gt.options ?? {}, contrast: gt.contrast ?? 'selector', explicit: m.groundTruth !== undefined } : false,
    statistics: {
      threshold: s.threshold ?? PARITY.threshold[p],
      alternative: s.alternative ?? 'less',
      correction: s.correction ?? 'holm',
      alpha: s.alpha ?? 0.05,
      confidenceLevel: s.confidenceLevel ?? 0.95,
      roundBeforeTests: s.roundBeforeTests ?? PARITY.roundBeforeTests[p],
    },
    outputs: { gridImages: c.outputs?.gridImages ?? 2, report: c.outputs?.report ?? true },
    plugins: { discovery: c.plugins?.discovery ?? true },
  };
}
