/** Plain-JS reference of §1.3 for one `[h][w]` raw map: ReLU, min-max (1e-7), cv2 INTER_LINEAR resize, optional second min-max. */
export function referenceScale(raw: number[][], H: number, W: number, double: boolean): number[][] {
  const h = raw.length;
  const w = raw[0]!.length;
  const minmax = (m: number[][]): number[][] => {
    const flat = m.flat();
    const lo = Math.min(...flat);
    const shifted = m.map((r) => r.map((v) => v - lo));
    const hi = Math.max(...shifted.flat());
    return shifted.map((r) => r.map((v) => v / (1e-7 + hi)));
  };
  const s = minmax(raw.map((r) => r.map((v) => Math.max(v, 0))));
  const coord = (X: number, out: number, inp: number): [number, number, number] => {
    const f = (X + 0.5) * (inp / out) - 0.5;
    let x0 = Math.floor(f);
    let a = f - x0;
    if (x0 < 0) [x0, a] = [0, 0];
    if (x0 >= inp - 1) [x0, a] = [inp - 1, 0];
    return [x0, Math.min(x0 + 1, inp - 1), a];
  };
  const out = Array.from({ length: H }, (_, Y) => {
    const [y0, y1, b] = coord(Y, H, h);
    return Array.from({ length: W }, (_, X) => {
      const [x0, x1, a] = coord(X, W, w);
      const top = s[y0]![x0]! * (1 - a) + s[y0]![x1]! * a;
      const bot = s[y1]![x0]! * (1 - a) + s[y1]![x1]! * a;
      return top * (1 - b) + bot * b;
    });
  });
  return double ? minmax(out.map((r) => r.map((v) => Math.max(v, 0)))) : out;
}
