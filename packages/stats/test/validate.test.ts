import { describe, expect, it } from 'vitest';
import { StatsInputError } from '../src/errors.js';
import { checkNumber, checkOption, checkSameLength, pairedDifferences, toFloat64 } from '../src/validate.js';

describe('input validation', () => {
  it('toFloat64 copies and checks', () => {
    const src = [1, 2, 3];
    const out = toFloat64('f', 'v', src);
    expect(out).toBeInstanceOf(Float64Array);
    out[0] = 9;
    expect(src[0]).toBe(1);
    expect(() => toFloat64('f', 'v', [])).toThrow('f: v is empty');
    expect(() => toFloat64('f', 'v', [1, NaN])).toThrow('f: v[1] is NaN');
    expect(() => toFloat64('f', 'v', [1, -Infinity])).toThrow('f: v[1] is -Infinity, a finite number is required');
    expect(Array.from(toFloat64('f', 'v', [Infinity], { allowInfinite: true }))).toEqual([Infinity]);
    expect(() => toFloat64('f', 'v', [1], { minLength: 2 })).toThrow('f: v has 1 value(s), at least 2 needed');
    expect(() => toFloat64('f', 'v', ['1' as never])).toThrow('f: v[0] is not a number (string)');
    expect(() => toFloat64('f', 'v', undefined as never)).toThrow('f: v must be an array of numbers');
  });

  it('every failure is a StatsInputError carrying the code', () => {
    try {
      checkSameLength('g', 'a', [1], 'b', [1, 2]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StatsInputError);
      expect((e as StatsInputError).code).toBe('SALIENCY_INVALID_STATS_INPUT');
      expect((e as StatsInputError).message).toMatch(/g: a has length 1 but b has length 2/);
    }
  });

  it('pairedDifferences, checkOption, checkNumber', () => {
    expect(Array.from(pairedDifferences('h', Float64Array.from([3, 1]), Float64Array.from([1, 1])))).toEqual([2, 0]);
    expect(checkOption('h', 'mode', 'b', ['a', 'b'])).toBe('b');
    expect(() => checkOption('h', 'mode', 'c', ['a', 'b'])).toThrow(`h: option mode must be one of 'a', 'b', got "c"`);
    expect(checkNumber('h', 'level', 0.5, 0, 1)).toBe(0.5);
    expect(() => checkNumber('h', 'level', 0, 0, 1, { lo: true })).toThrow('h: level must be a number in (0, 1], got 0');
    expect(() => checkNumber('h', 'level', NaN, 0, 1)).toThrow(/got NaN/);
  });
});
