import { describe, expect, it } from 'vitest';
import { parseJsonOption, parseSize, parseStd, parseTriple } from '../src/parse.js';

describe('command-line value parsing', () => {
  it('parses triples, sizes and JSON objects', () => {
    expect(parseTriple('0.485, 0.456,0.406', '--mean')).toEqual([0.485, 0.456, 0.406]);
    expect(parseSize('224,200', '--size')).toEqual([224, 200]);
    expect(parseJsonOption('{"gradient":"spatial"}', '--method-options')).toEqual({ gradient: 'spatial' });
  });
  it('names the flag and the bad value', () => {
    expect(() => parseTriple('1,2', '--mean')).toThrow('--mean must be three comma-separated numbers (got 1,2)');
    expect(() => parseSize('224,0', '--size')).toThrow('--size must be <height>,<width> in pixels (got 224,0)');
    expect(() => parseStd('1,0,1')).toThrow('--std must not contain 0 (got 1,0,1)');
    expect(() => parseJsonOption('{gradient}', '--method-options')).toThrow(/--method-options is not valid JSON/);
    expect(() => parseJsonOption('[1]', '--method-options')).toThrow('--method-options must be a JSON object');
  });
});
