import { describe, expect, it } from 'vitest';
import { acceptanceRatios } from '../src/ratios.js';
import type { BenchResult } from '../src/run.js';
import { summarize } from '../src/stats.js';

const row = (method: string, medianMs: number, extra: Partial<BenchResult> = {}): BenchResult => ({
  model: 'resnet50', method, batch: 1, medianMs, minMs: medianMs, maxMs: medianMs, runs: 3, peakRssMB: 600, peakTfMB: 120, ...extra,
});

describe('summarize', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(summarize([5, 1, 3])).toEqual({ medianMs: 3, minMs: 1, maxMs: 5 });
    expect(summarize([4, 1, 3, 10])).toEqual({ medianMs: 3.5, minMs: 1, maxMs: 10 });
    expect(() => summarize([])).toThrow(RangeError);
  });
});

describe('acceptanceRatios', () => {
  it("computes the issue's ratios from one run's rows and judges them against its limits", () => {
    const results = [
      row('body-forward', 400),
      row('cam/grad-cam', 440),
      row('case/case', 480, { k: 1 }),
      row('case/case', 600, { k: 3 }),
      row('cam/ablation-cam', 1400, { minMs: 880 }),
      row('workload-rq1', 1500),
      row('forward-chunk', 5000, { batch: 16 }),
      row('cam/score-cam', 12_600, { channels: 32, channelsTotal: 2048, partial: true, peakRssMB: 3500 }),
    ];
    const byName = new Map(acceptanceRatios(results).map((r) => [r.name, r]));
    expect(byName.get('CASE (k=3) / Grad-CAM')).toMatchObject({ value: 600 / 440, limit: 1.3, pass: false });
    expect(byName.get('Ablation-CAM / Grad-CAM')).toMatchObject({ value: 1400 / 440, valueOfMins: 2, pass: false });
    expect(byName.get('Grad-CAM / body forward')).toMatchObject({ value: 1.1, valueOfMins: 1.1, pass: true });
    expect([...byName.keys()].find((k) => k.startsWith('RQ1 workload'))).toBeDefined();
    // 32 channels in chunks of 16: two forward passes of batch 16 for the one image.
    const score = byName.get('Score-CAM / 2 forward passes of batch 16')!;
    expect(score).toMatchObject({ value: 1.26, limit: 1.2, pass: false, note: 'partial: 32 of 2048 channels' });
    expect(byName.get('Score-CAM peak RSS (MB)')).toMatchObject({ value: 3500, pass: false });
  });

  it('reports only the ratios whose rows were measured', () => {
    expect(acceptanceRatios([row('body-forward', 400), row('cam/layer-cam', 420)])).toEqual([]);
  });
});
