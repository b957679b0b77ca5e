// Where the network view puts things and how it encodes a number: pure geometry in the SVG's own
// coordinates (the picture scales to its column), link width and colour by |w| or by log₁₀|∂L/∂w|.
// The coordinate box is never wider than the SVG is drawn: a phone's narrow column gets a narrower box
// at 1:1 instead of the wide one scaled down, which took the 12 px input names down to 7 px.

import { viridisCss } from './colors.js';

/** the SVG's coordinate box at its widest; it scales up to a wider column (see viewWidth for a narrower one) */
export const VIEW_W = 640;
/** below this many CSS px the box stops narrowing (the columns need room) and scales down again */
export const MIN_VIEW_W = 240;
export const VIEW_H = 320;
/** one column per layer needs no room for units: a strip of columns SUMMARY_COL_H tall */
export const SUMMARY_COL_H = 100;
export const SUMMARY_PAD = 10;
export const SUMMARY_H = SUMMARY_COL_H + 2 * SUMMARY_PAD;
/** room on the left for the input names (x₁·x₂, sin x₁) */
const PAD_LEFT = 64;
const PAD_RIGHT = 24;
const PAD_Y = 14;

/** Gradient links on a fixed log scale, so two steps (and A and B) read alike: 1e-8 thin .. 1e0 thick. */
export const GRAD_DECADES: readonly [number, number] = [-8, 0];
/** summary columns of a deep network, ‖∂L/∂W_l‖ on the heatmap's fixed scale */
export const LAYER_DECADES: readonly [number, number] = [-16, 10];

export type LinkMode = 'weight' | 'gradient';

export interface UnitBox {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/** The width of the coordinate box for an SVG drawn `drawn` CSS px wide: that width (1 unit = 1 px, so
 * text keeps its font size) up to VIEW_W, scaled up past it. */
export function viewWidth(drawn: number): number {
  return Math.round(Math.min(VIEW_W, Math.max(MIN_VIEW_W, drawn)));
}

/** x of column c of `columns` in a box `viewW` wide */
export function columnX(c: number, columns: number, viewW = VIEW_W): number {
  return columns === 1 ? viewW / 2 : PAD_LEFT + (c * (viewW - PAD_LEFT - PAD_RIGHT)) / (columns - 1);
}

/** The boxes of every unit, column by column (centred on (x, y), side `size`), in a box `viewW` wide. */
export function unitBoxes(widths: readonly number[], viewW = VIEW_W): UnitBox[][] {
  const most = Math.max(...widths);
  // NOTE: a narrow box brings the columns closer: a box takes at most 60% of the gap, so links stay visible
  const across = widths.length > 1 ? (0.6 * (viewW - PAD_LEFT - PAD_RIGHT)) / (widths.length - 1) : 30;
  const size = Math.min(30, (VIEW_H - 2 * PAD_Y) / most - 4, across);
  const pitch = size + 4;
  return widths.map((n, c) =>
    Array.from({ length: n }, (_, j) => ({
      x: columnX(c, widths.length, viewW),
      y: VIEW_H / 2 + (j - (n - 1) / 2) * pitch,
      size,
    })),
  );
}

const clamp01 = (t: number): number => Math.min(1, Math.max(0, t));
const scaled = (v: number, [lo, hi]: readonly [number, number]): number =>
  clamp01((Math.log10(v) - lo) / (hi - lo));

/** A link's stroke: by weight, width ∝ |w| / max |w| and orange for w > 0, blue for w < 0; by gradient, log₁₀|∂L/∂w| on GRAD_DECADES in width and colour. */
export function linkStroke(
  mode: LinkMode,
  w: number,
  g: number,
  maxAbsW: number,
): { width: number; color: string } {
  if (!Number.isFinite(mode === 'weight' ? w : g)) return { width: 1, color: '#adb5bd' };
  if (mode === 'weight') {
    const t = maxAbsW > 0 ? Math.abs(w) / maxAbsW : 0;
    return { width: 0.4 + 3.6 * t, color: w >= 0 ? '#c25e00' : '#1f6feb' };
  }
  const t = g === 0 ? 0 : scaled(Math.abs(g), GRAD_DECADES);
  return { width: 0.4 + 3.6 * t, color: viridisCss(t) };
}

/** the fill of a deep network's layer column: log₁₀ of its RMS |w| (1e-3 .. 1e1) or of ‖∂L/∂W_l‖ on the heatmap's scale */
export function layerFill(mode: LinkMode, weightRms: number, gradNorm: number): string {
  const v = mode === 'weight' ? weightRms : gradNorm;
  if (!Number.isFinite(v) || v <= 0) return '#adb5bd';
  return viridisCss(mode === 'weight' ? scaled(v, [-3, 1]) : scaled(v, LAYER_DECADES));
}

/** A number as the card shows it: 4 significant digits, exponent form outside [1e-3, 1e4). */
export function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}
