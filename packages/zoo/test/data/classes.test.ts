import { describe, expect, it } from 'vitest';
import { NUM_PARTS_CLASSES, PARTS_CLASSES, designedConfuser, partByName, sharedParts, uniqueParts } from '../../src/index.js';

describe('synthetic parts: class design', () => {
  it('8 classes of two distinct parts; every part in exactly two classes, so no part alone names a class', () => {
    expect(NUM_PARTS_CLASSES).toBe(8);
    const uses = new Map<string, number>();
    for (const c of PARTS_CLASSES) {
      expect(c.parts.length).toBe(2);
      expect(new Set(c.parts).size).toBe(2);
      for (const p of c.parts) uses.set(p, (uses.get(p) ?? 0) + 1);
    }
    expect([...uses.values()].every((n) => n === 2)).toBe(true);
    expect(new Set(PARTS_CLASSES.map((c) => [...c.parts].sort().join('+'))).size).toBe(8);
  });

  it('each designed confuser is mutual, shares exactly one part and differs in a same-colour look-alike', () => {
    for (const c of PARTS_CLASSES) {
      const v = designedConfuser(c.index);
      expect(v).not.toBe(c.index);
      expect(designedConfuser(v)).toBe(c.index);
      expect(sharedParts(c.index, v)).toHaveLength(1);
      const [mine] = uniqueParts(c.index, v);
      const [theirs] = uniqueParts(v, c.index);
      expect(partByName(mine!).colour).toEqual(partByName(theirs!).colour);
      expect(mine).not.toBe(theirs);
    }
  });

  it('unique/shared parts for pairs that share nothing, and range errors', () => {
    expect(uniqueParts(0, 2)).toEqual(['green-cross', 'blue-square']);
    expect(sharedParts(0, 2)).toEqual([]);
    expect(uniqueParts(0, 4)).toEqual(['green-cross']);
    expect(sharedParts(0, 4)).toEqual(['blue-square']);
    expect(() => designedConfuser(8)).toThrow(/out of range/);
    expect(() => uniqueParts(0, -1)).toThrow(/out of range/);
  });
});
