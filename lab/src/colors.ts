// Colour scales for the views: a perceptual sequential palette (viridis stops) for log-scaled magnitudes,
// and the two-class palette of the decision boundary.

const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [109, 205, 89],
  [180, 222, 44],
  [253, 231, 37],
];

/** Write the palette colour of t ∈ [0, 1] into out[o..o+3] (RGBA). */
export function viridis(t: number, out: Uint8ClampedArray, o: number): void {
  const u = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  out[o] = a[0] + (b[0] - a[0]) * f;
  out[o + 1] = a[1] + (b[1] - a[1]) * f;
  out[o + 2] = a[2] + (b[2] - a[2]) * f;
  out[o + 3] = 255;
}

export function viridisCss(t: number): string {
  const px = new Uint8ClampedArray(4);
  viridis(t, px, 0);
  return `rgb(${px[0]},${px[1]},${px[2]})`;
}

/** Class colours: 0 blue, 1 orange, then more for multiclass data. */
export const CLASS_COLORS: readonly (readonly [number, number, number])[] = [
  [31, 111, 235],
  [230, 119, 0],
  [47, 158, 68],
  [174, 62, 201],
  [224, 49, 49],
  [16, 152, 173],
  [245, 159, 0],
  [134, 142, 150],
];

export function classCss(k: number, alpha = 1): string {
  const c = CLASS_COLORS[k % CLASS_COLORS.length]!;
  return `rgba(${c[0]},${c[1]},${c[2]},${alpha})`;
}
