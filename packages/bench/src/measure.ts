import * as tf from '@tensorflow/tfjs-core';
import { peakRssMB, resetPeakRss } from './memory.js';
import { summarize } from './stats.js';

export interface Measurement {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runs: number;
  /** Every timed run, in order. */
  readonly samplesMs: readonly number[];
  /** Peak RSS over the case's own warm-up and timed runs (MB). */
  readonly peakRssMB: number;
  /** Peak of `tf.memory().numBytes` (MB, model weights included) during one untimed warm-up run; null if not measured. */
  readonly peakTfMB: number | null;
}

export interface MeasureOptions {
  readonly warmup: number;
  readonly runs: number;
  /**
   * Measure the tf.memory() peak with `tf.profile` in the first warm-up run. Not on WebGPU: without a timestamp
   * query, TF.js's profiler reads every kernel output with dataSync, which throws in Node.
   */
  readonly tfPeak: boolean;
  /** Called after each round (warm-up rounds first), with the measurements so far once a timed round is done. */
  readonly onRound?: (done: number, total: number, soFar: Measurement[] | null) => void | Promise<void>;
}

/**
 * Times every function of `cases` (each must finish its work, i.e. read its result, before resolving). The runs are
 * interleaved, round after round (case 1, case 2, …; then case 2, case 3, …, case 1; …), so that a change of machine
 * load during the run (other processes, thermal limits) shifts every case alike and ratios between cases stay fair,
 * and the first place of a round (which pays for the previous round's garbage) rotates. `warmup` untimed
 * rounds come first: they take the one-off costs (shader compilation on WebGPU, heap growth on wasm). Peak RSS is
 * reset before each run of a case, so each case reports its own peak.
 */
export async function measureAll(cases: readonly (() => Promise<void>)[], { warmup, runs, tfPeak, onRound }: MeasureOptions): Promise<Measurement[]> {
  if (!(runs >= 1)) throw new RangeError(`measure: runs must be ≥ 1 (got ${runs})`);
  const samples = cases.map((): number[] => []);
  const rss = cases.map(() => 0);
  const tfPeaks = cases.map((): number | null => null);
  const once = async (i: number, timed: boolean, profile: boolean): Promise<void> => {
    resetPeakRss();
    const start = performance.now();
    if (profile) tfPeaks[i] = (await tf.profile(cases[i] as () => Promise<tf.TensorContainer>)).peakBytes / 2 ** 20;
    else await cases[i]!();
    if (timed) samples[i]!.push(performance.now() - start);
    rss[i] = Math.max(rss[i]!, peakRssMB());
  };
  const current = (): Measurement[] =>
    cases.map((_, i) => ({ ...summarize(samples[i]!), runs: samples[i]!.length, samplesMs: [...samples[i]!], peakRssMB: rss[i]!, peakTfMB: tfPeaks[i]! }));
  for (let round = 0; round < warmup + runs; round++) {
    const timed = round >= warmup;
    // Each round starts one case later, so no case always runs first (after the previous round's garbage).
    for (let j = 0; j < cases.length; j++) {
      const i = (round + j) % cases.length;
      await once(i, timed, round === 0 && !timed && tfPeak);
    }
    await onRound?.(round + 1, warmup + runs, timed ? current() : null);
  }
  return current();
}
