import { rgb } from 'd3-color';
import { interpolateTurbo } from 'd3-scale-chromatic';

// 256-entry lookup table of the Turbo colormap (perceptually ordered, readable where jet is not).
const LUT = Array.from({ length: 256 }, (_, i) => {
  const c = rgb(interpolateTurbo(i / 255));
  return [c.r, c.g, c.b] as const;
});

/** `image` (RGB bytes) with `map` (values in [0, 1], same pixels) blended on top as Turbo colours, half and half. */
export function turboOverlay(image: Uint8Array, map: ArrayLike<number>, alpha = 0.5): Uint8Array {
  const out = new Uint8Array(image.length);
  for (let i = 0; i < map.length; i++) {
    const v = Math.min(1, Math.max(0, Number.isFinite(map[i]!) ? map[i]! : 0));
    const c = LUT[Math.round(v * 255)]!;
    for (let k = 0; k < 3; k++) out[i * 3 + k] = Math.round(image[i * 3 + k]! * (1 - alpha) + c[k]! * alpha);
  }
  return out;
}

/** Fig. 3 style: the image where `keep` is set, black elsewhere. */
export function maskImage(image: Uint8Array, keep: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(image.length);
  for (let n = 0; n < keep.length; n++) {
    const i = keep[n]!;
    out.set(image.subarray(i * 3, i * 3 + 3), i * 3);
  }
  return out;
}
