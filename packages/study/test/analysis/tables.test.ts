import { describe, expect, it } from 'vitest';
import { agreementTable } from '../../src/analysis/agreement-table.js';
import { dropTable } from '../../src/analysis/drop-table.js';
import { medianCi } from '../../src/analysis/median-ci.js';
import { resolveSettings } from '../../src/config/settings.js';
import { agreementText, dropText } from '../../src/output/cells.js';
import type { ResultRow } from '../../src/run/results-log.js';

const st = resolveSettings({ models: [{ path: 'm' }], dataset: { source: 'x' }, methods: ['a'] }).statistics;
const rows = (method: string, measure: string, values: number[]): ResultRow[] =>
  values.map((value, index) => ({ model: 'm', layer: 'l', image: `i${index}`, index, label: 0, method, measure, target: 0, value, columns: { rawDrop: value / 2 } }));

describe('medianCi', () => {
  it('is the sign-test order-statistic interval', () => {
    expect(medianCi([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 0.95)).toEqual({ level: 0.95, low: 2, high: 9 });
    expect(medianCi([1, 2, 3, 4, 5], 0.95)).toMatchObject({ low: null, high: null, reason: 'n = 5 is too small for a 95% interval' });
  });
});

describe('tables', () => {
  it('Table I: Wilcoxon per method, Holm across methods, a method whose every agreement equals the threshold reads n/a with scipy\'s reason', () => {
    const r = [...rows('a', 'agreement', [10, 20, 30, 5, 15, 25, 12, 8]), ...rows('b', 'agreement', [50, 50, 50])];
    const t = agreementTable('table-1', r, [{ model: 'm', layer: 'l' }], ['a', 'b'], st);
    const [a, b] = t.cells;
    expect(a).toMatchObject({ n: 8, test: 'exact', significant: true, rankBiserial: -1 });
    expect(a!.p).toBeCloseTo(1 / 256, 12);
    expect(a!.pAdjusted).toBeCloseTo(1 / 256, 12); // b has no p, so the family has one member
    expect(b).toMatchObject({ p: null, pAdjusted: null, significant: null });
    const text = agreementText(b!, true);
    expect(text.main).toMatch(/^p n\/a \(/);
    expect(JSON.stringify(text)).not.toMatch(/NaN/);
  });

  it('Table III: paired by image, two- and one-sided, the reference row has no test', () => {
    const r = [...rows('ref', 'confidence-drop', [0.9, 0.8, 0.7, 0.95]), ...rows('x', 'confidence-drop', [0.5, 0.6, 0.4, 0.7])];
    const t = dropTable(r, [{ model: 'm', layer: 'l' }], ['ref', 'x'], 'ref', st);
    expect(t.cells[0]!.vsReference).toBeNull();
    const v = t.cells[1]!.vsReference!;
    expect(v.n).toBe(4);
    expect(v.meanDifference).toBeCloseTo(0.2875, 12);
    expect(v.pOneSided! * 2).toBeCloseTo(v.pTwoSided!, 12);
    expect(dropText(t.cells[1]!, 'ref').detail).toMatch(/two-sided p 0\.\d{4} \(raw 0\.\d{4}\), one-sided p/);
  });
});
