import type { LayerInfo } from '@saliency/core';
import { describe, expect, it } from 'vitest';
import { notSpatial, suggestSpatial, unknownLayer } from '../../src/util/layer-errors.js';

const info = (name: string, shape: (number | null)[], inbound: string[]): LayerInfo => ({ name, className: 'X', outputShape: shape, spatial: shape.length === 4, inbound });
const LAYERS = [
  info('in', [null, 8, 8, 3], []),
  info('a', [null, 8, 8, 4], ['in']),
  info('b', [null, 4, 4, 4], ['a']),
  info('c', [null, 4, 4, 4], ['b']),
  info('gap', [null, 4], ['c']),
  info('late', [null, 1, 1, 4], ['gap']),
];

describe('layer errors and suggestions', () => {
  it('suggests spatial layers before the first spatial → flat step, last first, without the input', () => {
    expect(suggestSpatial(LAYERS)).toEqual(['c', 'b', 'a']);
    expect(suggestSpatial(LAYERS, 2)).toEqual(['c', 'b']);
  });

  it('names the nearest layers and the shape of a non-spatial one', () => {
    const e = unknownLayer('m', 'cc', LAYERS);
    expect(e.code).toBe('SALIENCY_UNKNOWN_LAYER');
    expect(e.message).toBe('Model "m" has no layer "cc"; nearest: "c", "a", "b"');
    const n = notSpatial('m', LAYERS[4]!, ['c']);
    expect(n.code).toBe('SALIENCY_LAYER_NOT_SPATIAL');
    expect(n.message).toContain('[null, 4]');
    expect(n.message).toContain('spatial layers: "c"');
  });
});
