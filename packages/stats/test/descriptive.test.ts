import { describe, expect, it } from 'vitest';
import { describe as describeSample, max, mean, median, min, quantile, sd, variance } from '../src/descriptive.js';
import { num, specialFixture } from './support/fixtures.js';

describe('descriptive statistics against numpy', () => {
  it('quantile = numpy.quantile (linear) bit for bit', () => {
    for (const [values, q, expected] of specialFixture.quantile) {
      expect(quantile(values, q), `${JSON.stringify(values)} q=${q}`).toBe(expected);
    }
  });

  it('median = numpy.median', () => {
    for (const [values, expected] of specialFixture.median) expect(median(values)).toBe(expected);
  });

  it('mean and var(ddof = 1) = numpy', () => {
    for (const [values, v, m] of specialFixture.var) {
      expect(mean(values)).toBe(m);
      const expected = num(v);
      if (Number.isNaN(expected)) expect(variance(values)).toBeNaN();
      else expect(variance(values)).toBe(expected);
    }
  });
});

describe('descriptive statistics by hand', () => {
  it('computes a worked example', () => {
    const v = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(v)).toBe(5);
    expect(variance(v, 0)).toBe(4);
    expect(variance(v)).toBeCloseTo(32 / 7, 15);
    expect(sd(v, 0)).toBe(2);
    expect(min(v)).toBe(2);
    expect(max(v)).toBe(9);
    expect(median(v)).toBe(4.5);
    const d = describeSample(v);
    expect(d).toMatchObject({ n: 8, mean: 5, min: 2, max: 9, median: 4.5, q1: 4, q3: 5.5 });
    expect(d.sem).toBeCloseTo(Math.sqrt(32 / 7) / Math.sqrt(8), 15);
  });

  it('sd of a single value is NaN (ddof = 1), as pandas', () => {
    expect(sd([3])).toBeNaN();
    expect(describeSample([3]).sd).toBeNaN();
  });

  it('throws StatsInputError on empty or NaN input and bad q', () => {
    expect(() => mean([])).toThrow('mean: values is empty');
    expect(() => median([1, NaN])).toThrow('median: values[1] is NaN');
    expect(() => quantile([1, 2], 1.2)).toThrow(/quantile: q must be a number in \[0, 1\]/);
    expect(() => describeSample([])).toThrow('describe: values is empty');
    expect(() => variance([1, 2], -1)).toThrow(/ddof/);
  });
});
