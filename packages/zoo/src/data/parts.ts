/**
 * The visual parts of the synthetic "parts" dataset: a shape (or textured patch) in a colour, defined in a local
 * frame of radius ~1 and drawn rotated, scaled and anti-aliased (3×3 supersampling) into an RGB image.
 */

export type Rgb = readonly [number, number, number];

/** Local-frame description of a part: where it is (`inside`), what colour it is there, and its footprint. */
export interface PartShape {
  /** True where the part paints, for local coordinates `(u, v)` (radius-1 frame). */
  inside(u: number, v: number): boolean;
  /**
   * True where the part *occupies* the image, for the ground-truth mask: the painted pixels plus any hole they
   * enclose (a ring's footprint is its whole disc). Defaults to `inside`.
   */
  footprint?(u: number, v: number): boolean;
  /** Texture: fraction in [0, 1] of the part's colour (1) vs its dark colour (0) at `(u, v)`. Default 1. */
  pattern?(u: number, v: number): number;
}

export interface PartDefinition {
  /** Kebab-case id, also the mask name suffix (`part:<name>`). */
  readonly name: string;
  /** Base colour (linear 0–1 RGB) before per-image jitter. */
  readonly colour: Rgb;
  readonly shape: PartShape;
  /** One line for the docs. */
  readonly description: string;
}

const DISC: PartShape = { inside: (u, v) => u * u + v * v <= 1 };
const RING: PartShape = {
  inside: (u, v) => {
    const r2 = u * u + v * v;
    return r2 <= 1 && r2 >= 0.5 * 0.5;
  },
  footprint: (u, v) => u * u + v * v <= 1,
};
const SQUARE: PartShape = { inside: (u, v) => Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8 };
/** Equilateral triangle with circumradius 1.15, pointing along +v. */
const TRIANGLE: PartShape = {
  inside: (u, v) => {
    const r = 1.15;
    // Half-planes of the three edges (inradius r/2).
    const inr = r / 2;
    for (const a of [Math.PI / 2 + Math.PI, Math.PI / 2 + Math.PI / 3, Math.PI / 2 - Math.PI / 3]) {
      if (u * Math.cos(a) + v * Math.sin(a) > inr) return false;
    }
    return true;
  },
};
const CROSS: PartShape = { inside: (u, v) => (Math.abs(u) <= 1 && Math.abs(v) <= 0.3) || (Math.abs(v) <= 1 && Math.abs(u) <= 0.3) };
const BAR: PartShape = { inside: (u, v) => Math.abs(u) <= 1.1 && Math.abs(v) <= 0.35 };
/** A square patch of stripes across v (period 0.8). */
const STRIPES: PartShape = {
  inside: SQUARE.inside,
  pattern: (u) => (Math.sin((u * 2 * Math.PI) / 0.8) >= 0 ? 1 : 0),
};
/** A square patch of checks (period 0.8 in both directions). */
const CHECKER: PartShape = {
  inside: SQUARE.inside,
  pattern: (u, v) => (Math.sin((u * 2 * Math.PI) / 0.8) * Math.sin((v * 2 * Math.PI) / 0.8) >= 0 ? 1 : 0),
};

const RED: Rgb = [0.86, 0.14, 0.12];
const BLUE: Rgb = [0.12, 0.28, 0.9];
const GREEN: Rgb = [0.15, 0.72, 0.2];
const YELLOW: Rgb = [0.96, 0.86, 0.12];

/**
 * The eight parts, in four same-colour look-alike pairs (disc/ring, square/triangle, cross/bar,
 * stripes/checker): within a pair only the shape (or texture) differs.
 */
export const PARTS: readonly PartDefinition[] = [
  { name: 'red-disc', colour: RED, shape: DISC, description: 'filled red disc' },
  { name: 'red-ring', colour: RED, shape: RING, description: 'red annulus (inner radius 0.5); its mask is the whole disc' },
  { name: 'blue-square', colour: BLUE, shape: SQUARE, description: 'filled blue square, rotated' },
  { name: 'blue-triangle', colour: BLUE, shape: TRIANGLE, description: 'filled blue equilateral triangle, rotated' },
  { name: 'green-cross', colour: GREEN, shape: CROSS, description: 'green plus sign, rotated' },
  { name: 'green-bar', colour: GREEN, shape: BAR, description: 'green bar (one arm of the cross, a little longer and wider), rotated' },
  { name: 'yellow-stripes', colour: YELLOW, shape: STRIPES, description: 'square patch of yellow and dark stripes, rotated' },
  { name: 'yellow-checker', colour: YELLOW, shape: CHECKER, description: 'square patch of yellow and dark checks, rotated' },
];

/** Shapes (not colours) the clutter may reuse, so that a shape alone never identifies a part. */
export const DECOY_SHAPES: readonly PartShape[] = [DISC, RING, SQUARE, TRIANGLE, CROSS, BAR];
/** Decoy colours: far from every part colour. */
export const DECOY_COLOURS: readonly Rgb[] = [
  [0.58, 0.18, 0.72],
  [0.93, 0.93, 0.93],
];

export function partByName(name: string): PartDefinition {
  const p = PARTS.find((x) => x.name === name);
  if (!p) throw new RangeError(`unknown part '${name}' (known: ${PARTS.map((x) => x.name).join(', ')})`);
  return p;
}

/** Where and how a part is drawn. */
export interface Placement {
  /** Centre, in pixels (x to the right, y down). */
  readonly cx: number;
  readonly cy: number;
  /** Radius of the local unit frame, in pixels. */
  readonly radius: number;
  /** Rotation in radians. */
  readonly angle: number;
}

const SUB = 3; // 3×3 supersampling

/**
 * Paints `shape` into `image` (`[H, W, 3]` row-major floats) with colour `colour` (and `dark` where the pattern is
 * 0), anti-aliased; returns the footprint mask (`1` where at least half of the pixel's subsamples are in the
 * footprint). `mask` may be null when not wanted.
 */
export function drawShape(
  image: Float32Array,
  size: number,
  shape: PartShape,
  colour: Rgb,
  dark: Rgb,
  at: Placement,
  mask: Uint8Array | null,
): void {
  const { cx, cy, radius, angle } = at;
  const reach = radius * 1.7 + 1;
  const x0 = Math.max(0, Math.floor(cx - reach));
  const x1 = Math.min(size - 1, Math.ceil(cx + reach));
  const y0 = Math.max(0, Math.floor(cy - reach));
  const y1 = Math.min(size - 1, Math.ceil(cy + reach));
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const foot = shape.footprint ?? shape.inside;
  const total = SUB * SUB;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      let cover = 0;
      let footCount = 0;
      let lit = 0;
      for (let sy = 0; sy < SUB; sy++) {
        for (let sx = 0; sx < SUB; sx++) {
          const px = x + (sx + 0.5) / SUB - cx;
          const py = y + (sy + 0.5) / SUB - cy;
          // Rotate into the part frame and scale to unit radius.
          const u = (cos * px + sin * py) / radius;
          const v = (-sin * px + cos * py) / radius;
          if (shape.inside(u, v)) {
            cover++;
            lit += shape.pattern ? shape.pattern(u, v) : 1;
          }
          if (mask && foot(u, v)) footCount++;
        }
      }
      if (mask && footCount * 2 >= total) mask[y * size + x] = 1;
      if (cover === 0) continue;
      const a = cover / total;
      const t = lit / cover;
      const o = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) {
        const col = t * colour[c]! + (1 - t) * dark[c]!;
        image[o + c] = (1 - a) * image[o + c]! + a * col;
      }
    }
  }
}
