import { SaliencyError } from '@saliency/core';
import { gaussianKde, kdeSupportGrid } from '@saliency/stats';
import { perClassActivity, type ClassActivity } from './channel-activity.js';

/** Options of {@link activityKde}: seaborn `kdeplot` defaults. */
export interface ActivityKdeOptions {
  /** Number of grid points (seaborn `gridsize`, default 200). */
  readonly gridSize?: number;
  /** The grid spans `[min − cut·bw, max + cut·bw]` (seaborn `cut`, default 3). */
  readonly cut?: number;
}

/** The density of per-class mean active-channel counts (Figs. 5–6). */
export interface ActivityKde {
  /** The per-class means the KDE was fitted on (see {@link perClassActivity}). */
  readonly classes: readonly ClassActivity[];
  /** Scott's factor `n^(-1/5)`. */
  readonly factor: number;
  /** `factor² · var(means, ddof=1)`. */
  readonly covariance: number;
  /** Kernel standard deviation `sqrt(covariance)`. */
  readonly bandwidth: number;
  readonly grid: Float64Array;
  readonly density: Float64Array;
}

/**
 * `plots/channel_activity_plot.py`: the per-class mean active-channel counts (grouped by class index), then
 * `seaborn.kdeplot(means)` with its defaults: scipy `gaussian_kde(means, bw_method='scott')` evaluated on
 * `linspace(min − cut·bw, max + cut·bw, gridSize)`. Both steps come from `@saliency/stats`.
 * Throws `SALIENCY_INVALID_INPUT` when the KDE is undefined (fewer than two classes, or all means equal).
 */
export function activityKde(records: readonly { readonly label: number; readonly count: number }[], options: ActivityKdeOptions = {}): ActivityKde {
  const classes = perClassActivity(records);
  const means = classes.map((c) => c.mean);
  if (means.length < 2) {
    throw new SaliencyError('SALIENCY_INVALID_INPUT', `activityKde: needs the means of at least two classes (got ${means.length})`);
  }
  try {
    const kde = gaussianKde(means, { bwMethod: 'scott' });
    const grid = Float64Array.from(kdeSupportGrid(means, kde.bandwidth, options.gridSize ?? 200, options.cut ?? 3));
    const density = Float64Array.from(kde.evaluate(grid));
    return { classes, factor: kde.factor, covariance: kde.covariance, bandwidth: kde.bandwidth, grid, density };
  } catch (e) {
    if (e instanceof SaliencyError) throw e;
    throw new SaliencyError('SALIENCY_INVALID_INPUT', `activityKde: ${(e as Error).message}`, undefined, { cause: e });
  }
}
