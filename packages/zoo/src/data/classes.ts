import { partByName } from './parts.js';

/** One class of the synthetic parts dataset: the parts every image of it shows, and its designed confuser. */
export interface PartsClass {
  readonly index: number;
  /** `<part>+<part>`, e.g. `disc+square`. */
  readonly name: string;
  /** Part names (see `PARTS`), each drawn once per image. */
  readonly parts: readonly string[];
  /**
   * The class designed to be confused with this one: it shares every part but one, and its differing part is the
   * same-colour look-alike of this class's (disc/ring, square/triangle, cross/bar, stripes/checker).
   */
  readonly confuser: number;
}

/**
 * Eight classes of two parts each. Colour pairs name the designed pairs (green+blue: 0/1, green+red: 2/3,
 * yellow+blue: 4/5, yellow+red: 6/7); within a designed pair the classes share one part (cross, bar, stripes or
 * checker) and differ in the shape of the other (square vs triangle, or disc vs ring). Every part appears in exactly
 * two classes, so no single part identifies a class: a classifier has to see both. Against its confuser, a class's
 * uniquely discriminative part is its differing part; against a class sharing the other part (e.g. 0 vs 4, sharing
 * the square) it is the other one.
 */
export const PARTS_CLASSES: readonly PartsClass[] = [
  { index: 0, name: 'cross+square', parts: ['green-cross', 'blue-square'], confuser: 1 },
  { index: 1, name: 'cross+triangle', parts: ['green-cross', 'blue-triangle'], confuser: 0 },
  { index: 2, name: 'bar+disc', parts: ['green-bar', 'red-disc'], confuser: 3 },
  { index: 3, name: 'bar+ring', parts: ['green-bar', 'red-ring'], confuser: 2 },
  { index: 4, name: 'stripes+square', parts: ['yellow-stripes', 'blue-square'], confuser: 5 },
  { index: 5, name: 'stripes+triangle', parts: ['yellow-stripes', 'blue-triangle'], confuser: 4 },
  { index: 6, name: 'checker+disc', parts: ['yellow-checker', 'red-disc'], confuser: 7 },
  { index: 7, name: 'checker+ring', parts: ['yellow-checker', 'red-ring'], confuser: 6 },
];

for (const c of PARTS_CLASSES) for (const p of c.parts) partByName(p); // fail fast on a typo

export const PARTS_CLASS_NAMES: readonly string[] = PARTS_CLASSES.map((c) => c.name);
export const NUM_PARTS_CLASSES = PARTS_CLASSES.length;

function classAt(c: number): PartsClass {
  const k = PARTS_CLASSES[c];
  if (!k || !Number.isInteger(c)) throw new RangeError(`class ${c} is out of range [0, ${PARTS_CLASSES.length})`);
  return k;
}

/** The designed confuser of class `c`. */
export function designedConfuser(c: number): number {
  return classAt(c).confuser;
}

/** Parts of `u` that `v` does not have: `u`'s uniquely discriminative parts against `v`. */
export function uniqueParts(u: number, v: number): string[] {
  const pv = new Set(classAt(v).parts);
  return classAt(u).parts.filter((p) => !pv.has(p));
}

/** Parts `u` and `v` both have. */
export function sharedParts(u: number, v: number): string[] {
  const pv = new Set(classAt(v).parts);
  return classAt(u).parts.filter((p) => pv.has(p));
}
