import { describe, expect, it } from 'vitest';
import { measureAll } from '../src/measure.js';

describe('measureAll', () => {
  it('interleaves the cases round by round, warm-up rounds first and untimed', async () => {
    const calls: string[] = [];
    const rounds: string[] = [];
    const make = (name: string) => async (): Promise<void> => void calls.push(name);
    // Each round reports the runs so far: none in warm-up rounds, then 1, 2, 3 per case.
    const onRound = (d: number, t: number, soFar: { runs: number }[] | null): void => {
      calls.push('|');
      rounds.push(`${d}/${t}:${soFar?.map((x) => x.runs).join(',') ?? '-'}`);
    };
    const m = await measureAll([make('a'), make('b'), make('c')], { warmup: 2, runs: 3, tfPeak: false, onRound });
    // Round r starts at case r mod 3.
    expect(calls.join('')).toBe('abc|bca|cab|abc|bca|');
    expect(rounds).toEqual(['1/5:-', '2/5:-', '3/5:1,1,1', '4/5:2,2,2', '5/5:3,3,3']);
    expect(m.map((x) => [x.runs, x.samplesMs.length, x.peakTfMB])).toEqual([[3, 3, null], [3, 3, null], [3, 3, null]]);
    for (const x of m) {
      expect(x.minMs).toBeLessThanOrEqual(x.medianMs);
      expect(x.medianMs).toBeLessThanOrEqual(x.maxMs);
      expect(x.peakRssMB).toBeGreaterThan(0);
    }
  });

  it('times each case by its own runs', async () => {
    const sleep = (ms: number) => () => new Promise<void>((r) => setTimeout(r, ms));
    const [fast, slow] = await measureAll([sleep(1), sleep(40)], { warmup: 0, runs: 3, tfPeak: false });
    expect(slow!.minMs).toBeGreaterThanOrEqual(35);
    expect(fast!.maxMs).toBeLessThan(slow!.minMs);
  });

  it('needs at least one timed run', async () => {
    await expect(measureAll([async () => {}], { warmup: 0, runs: 0, tfPeak: false })).rejects.toThrow(RangeError);
  });
});
