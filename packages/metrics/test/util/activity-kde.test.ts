import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSaliencyError } from '@saliency/core';
import { activityKde } from '../../src/util/activity-kde.js';
import { FIXTURES } from '../helpers/oracle.js';

interface KdeCase {
  name: string;
  values: number[];
  factor: number;
  covariance: number;
  bandwidth_std: number;
  grid: number[];
  density: number[];
}
const cases = (JSON.parse(readFileSync(new URL('stats.json', FIXTURES), 'utf8')) as { gaussian_kde: KdeCase[] }).gaussian_kde;

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('activityKde: seaborn kdeplot of per-class means (scipy gaussian_kde, Scott)', () => {
  for (const c of cases) {
    it(`reproduces stats.json gaussian_kde "${c.name}" from per-image records`, () => {
      // Four integer-valued records per class where the class mean is a multiple of 1/4, else one record.
      const records = c.values.flatMap((v, label) => {
        const total = v * 4;
        if (!Number.isInteger(total)) return [{ label, count: v }];
        const base = Math.floor(total / 4);
        return [0, 1, 2, 3].map((j) => ({ label, count: base + (j < total - 4 * base ? 1 : 0) }));
      });
      const kde = activityKde(records);
      expect(kde.classes.map((x) => x.mean)).toEqual(c.values);
      expect(rel(kde.factor, c.factor)).toBeLessThan(1e-12);
      expect(rel(kde.covariance, c.covariance)).toBeLessThan(1e-10);
      expect(rel(kde.bandwidth, c.bandwidth_std)).toBeLessThan(1e-10);
      expect(kde.grid).toHaveLength(200);
      let worst = 0;
      kde.grid.forEach((g, i) => {
        expect(Math.abs(g - c.grid[i]!)).toBeLessThan(1e-9);
        worst = Math.max(worst, Math.abs(kde.density[i]! - c.density[i]!) / Math.max(...c.density));
      });
      console.log(`[kde] ${c.name}: max density difference ${worst.toExponential(2)} of the peak`);
      expect(worst).toBeLessThan(1e-10);
    });
  }
  it('throws a SaliencyError when there are fewer than two classes or the means are all equal', () => {
    expect(() => activityKde([{ label: 0, count: 3 }])).toThrow(/at least two classes/);
    let err: unknown;
    try {
      activityKde([{ label: 0, count: 3 }, { label: 1, count: 3 }]);
    } catch (e) {
      err = e;
    }
    expect(isSaliencyError(err, 'SALIENCY_INVALID_INPUT')).toBe(true);
  });
});
