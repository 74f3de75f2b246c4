import { describe, expect, it } from 'vitest';
import { defineMetric, resolveOptions } from '../../src/index.js';

const m = defineMetric<{ k: number; order: 'a' | 'b'; nested: { x: number } }>({
  id: 'm',
  description: 'd',
  scoreDirection: 'higher',
  category: 'faithfulness',
  inputs: ['maps'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['k', 'order', 'nested'],
    properties: {
      k: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
      order: { enum: ['a', 'b'] },
      nested: { type: 'object', additionalProperties: false, required: ['x'], properties: { x: { type: 'integer', minimum: 1 } } },
    },
  },
  defaultOptions: { k: 5, order: 'a', nested: { x: 1 } },
  create: () => ({ id: 'x/m', evaluate: async () => ({ scores: new Float64Array() }) }),
});

describe('resolveOptions', () => {
  it('merges defaults shallowly and deep-freezes the result', () => {
    const o = resolveOptions<{ k: number; nested: { x: number } }>(m, 'x/m', { k: 10 });
    expect(o).toEqual({ k: 10, order: 'a', nested: { x: 1 } });
    expect(Object.isFrozen(o.nested)).toBe(true);
  });
  it('reports every violation with its path and value', () => {
    expect(() => resolveOptions(m, 'x/m', { k: 0, order: 'c', nested: { x: 0 } })).toThrow(
      'Plugin "x/m": options/k must be > 0 (got 0); options/order must be one of "a", "b" (got "c"); options/nested/x must be >= 1 (got 0)',
    );
    expect(() => resolveOptions(m, 'x/m', { k: 101 })).toThrow('options/k must be <= 100 (got 101)');
    expect(() => resolveOptions(m, 'x/m', [1])).toThrow('Plugin "x/m": options must be an object');
  });
});
