import { describe, expect, it } from 'vitest';
import { gaussianKde, kdeCurve, kdeSupportGrid } from '../src/kde.js';
import { statsFixture } from './support/fixtures.js';
import { expectClose, MaxDeviation } from './support/numeric.js';
import { mulberry32 } from './support/prng.js';

describe('gaussianKde against scipy 1.10.1 / seaborn (stats.json, every sample)', () => {
  const dev = new MaxDeviation();
  for (const s of statsFixture.gaussian_kde) {
    it(`${s.name}: factor, covariance, bandwidth, neff`, () => {
      const kde = gaussianKde(s.values, { bwMethod: 'scott' });
      expect(kde.n).toBe(s.n);
      expectClose(kde.neff, s.neff, { rel: 1e-15 }, 'neff');
      expectClose(kde.factor, s.factor, { rel: 1e-15 }, 'factor');
      expectClose(kde.covariance, s.covariance, { rel: 1e-13 }, 'covariance');
      expectClose(kde.bandwidth, s.bandwidth_std, { rel: 1e-13 }, 'bandwidth');
    });

    it(`${s.name}: seaborn support grid (linspace(min − 3bw, max + 3bw, 200))`, () => {
      const kde = gaussianKde(s.values);
      const grid = kdeSupportGrid(s.values, kde.bandwidth);
      expect(grid.length).toBe(200);
      grid.forEach((g, i) => expectClose(g, s.grid[i], { abs: 1e-12, rel: 1e-13 }, `grid[${i}]`));
    });

    it(`${s.name}: densities on the seaborn grid and on linspace(0, 20, 41) within 1e-9 relative`, () => {
      const kde = gaussianKde(s.values);
      kde.evaluate(s.grid).forEach((v, i) => {
        expectClose(v, s.density[i], { rel: 1e-9 }, `density[${i}]`);
        dev.add(v, s.density[i], `${s.name} density[${i}]`);
      });
      kde.evaluate(s.fixed_grid).forEach((v, i) => {
        expectClose(v, s.fixed_density[i], { rel: 1e-9 }, `fixed_density[${i}]`);
        dev.add(v, s.fixed_density[i], `${s.name} fixed_density[${i}]`);
      });
    });

    it(`${s.name}: kdeCurve reproduces sns.kdeplot's curve`, () => {
      const { grid, density } = kdeCurve(s.values);
      density.forEach((v, i) => {
        expectClose(grid[i], s.grid[i], { abs: 1e-12, rel: 1e-13 }, `grid[${i}]`);
        expectClose(v, s.density[i], { rel: 1e-9 }, `density[${i}]`);
      });
    });
  }
  it('stays within 1e-13 relative of scipy on every density (regression bound)', () => {
    expect(dev.value, dev.where).toBeLessThan(1e-13);
  });
});

describe('gaussianKde behaviour', () => {
  it('uses Silverman (3n/4)^(−1/5) and fixed factors as scipy does', () => {
    const v = [1, 2, 4, 8, 9];
    expectClose(gaussianKde(v, { bwMethod: 'silverman' }).factor, Math.pow((5 * 3) / 4, -0.2), { rel: 1e-14 });
    const k = gaussianKde(v, { bwMethod: 0.5 });
    expect(k.factor).toBe(0.5);
    expectClose(k.covariance, 0.25 * k.dataCovariance, { rel: 1e-15 });
    // data covariance is the ddof = 1 sample variance (mean 4.8, Σ(x − m)² = 50.8)
    expectClose(k.dataCovariance, 50.8 / 4, { rel: 1e-14 });
  });

  it('bwAdjust scales the factor (seaborn set_bandwidth(factor · bw_adjust))', () => {
    const v = [0.3, 1.1, 1.7, 2.2, 5.1, 5.3];
    const base = gaussianKde(v);
    const adj = kdeCurve(v, { bwAdjust: 2 });
    expectClose(adj.kde.factor, base.factor * 2, { rel: 1e-15 });
    expectClose(adj.kde.bandwidth, base.bandwidth * 2, { rel: 1e-14 });
  });

  it('integrates to 1 (trapezoid on a wide grid) for random samples', () => {
    const rand = mulberry32(21);
    for (let k = 0; k < 20; k++) {
      const v = Array.from({ length: 5 + Math.floor(rand() * 60) }, () => rand() * 10 + (rand() < 0.5 ? 0 : 20));
      const kde = gaussianKde(v);
      const grid = kdeSupportGrid(v, kde.bandwidth, 4001, 10);
      const dens = kde.evaluate(grid);
      let area = 0;
      for (let i = 1; i < grid.length; i++) area += ((dens[i] + dens[i - 1]) / 2) * (grid[i] - grid[i - 1]);
      expectClose(area, 1, { abs: 1e-6 }, `sample ${k}`);
    }
  });

  it('clips the support grid like seaborn', () => {
    const g = kdeSupportGrid([1, 2, 3], 1, 5, 3, [0, Infinity]);
    expect(g[0]).toBe(0);
    expect(g[4]).toBe(6);
  });

  it('throws StatsInputError on unusable input', () => {
    expect(() => gaussianKde([1])).toThrow(/gaussianKde: values has 1 value\(s\), at least 2 needed/);
    expect(() => gaussianKde([2, 2, 2])).toThrow(/zero variance/);
    expect(() => gaussianKde([1, NaN])).toThrow('gaussianKde: values[1] is NaN');
    expect(() => gaussianKde([1, 2], { bwMethod: 'auto' as never })).toThrow(/bwMethod/);
    expect(() => gaussianKde([1, 2], { bwMethod: -1 })).toThrow(/bwMethod/);
    expect(() => gaussianKde([1, 2]).evaluate([NaN])).toThrow(/points\[0\] is NaN/);
    expect(() => kdeSupportGrid([], 1)).toThrow(/values is empty/);
  });
});
