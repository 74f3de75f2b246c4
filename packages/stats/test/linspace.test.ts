import { describe, expect, it } from 'vitest';
import { linspace } from '../src/linspace.js';
import { specialFixture } from './support/fixtures.js';

describe('linspace', () => {
  it('is bit-identical to numpy.linspace', () => {
    for (const [start, stop, num, expected] of specialFixture.linspace) {
      expect(Array.from(linspace(start, stop, num)), `${start}..${stop} (${num})`).toEqual(expected);
    }
  });

  it('supports endpoint = false', () => {
    expect(Array.from(linspace(0, 1, 4, false))).toEqual([0, 0.25, 0.5, 0.75]);
  });

  it('rejects bad arguments', () => {
    expect(() => linspace(0, 1, -1)).toThrow(/num must be a non-negative integer/);
    expect(() => linspace(0, 1, 2.5)).toThrow(/num must be a non-negative integer/);
    expect(() => linspace(0, Infinity, 3)).toThrow(/must be finite/);
  });
});
