// The network view's encodings (lab/src/network-layout.ts), by hand: link width ∝ |w| / max|w| with the
// sign in its colour, gradient links on the fixed log scale 1e-8 .. 1, and where the units stand.

import { describe, expect, it } from 'vitest';
import {
  columnX,
  GRAD_DECADES,
  linkStroke,
  shortNumber,
  unitBoxes,
  VIEW_H,
  VIEW_W,
} from '../lab/src/network-layout.js';

describe('network view encodings', () => {
  it('a weight link is 0.4 + 3.6·|w|/max|w| wide, orange for w ≥ 0 and blue for w < 0', () => {
    expect(linkStroke('weight', 2, 0, 2)).toEqual({ width: 4, color: '#c25e00' });
    expect(linkStroke('weight', -0.5, 0, 2)).toEqual({ width: 0.4 + 3.6 * 0.25, color: '#1f6feb' });
    expect(linkStroke('weight', Number.NaN, 0, 2).color).toBe('#adb5bd');
  });

  it('a gradient link reads log₁₀|∂L/∂w| on 1e-8 .. 1: thinnest at 1e-8 and below, thickest at 1, 2.2 at 1e-4', () => {
    expect(GRAD_DECADES).toEqual([-8, 0]);
    expect(linkStroke('gradient', 0, 1e-12, 1).width).toBe(0.4);
    expect(linkStroke('gradient', 0, -1, 1).width).toBe(4);
    expect(linkStroke('gradient', 0, 1e-4, 1).width).toBeCloseTo(2.2, 12);
    expect(linkStroke('gradient', 0, 0, 1).width).toBe(0.4);
  });

  it('columns span the box left to right, and a column of n units is centred on the middle row', () => {
    expect(columnX(0, 4)).toBeLessThan(columnX(3, 4));
    expect(columnX(3, 4)).toBeLessThan(VIEW_W);
    const boxes = unitBoxes([2, 8, 1]);
    expect(boxes.map((c) => c.length)).toEqual([2, 8, 1]);
    expect(boxes[2]![0]!.y).toBe(VIEW_H / 2);
    expect((boxes[1]![0]!.y + boxes[1]![7]!.y) / 2).toBeCloseTo(VIEW_H / 2, 12);
    expect(boxes[1]![7]!.y + boxes[1]![7]!.size / 2).toBeLessThanOrEqual(VIEW_H);
  });

  it('shortNumber keeps 4 significant digits, in exponent form outside [1e-3, 1e4)', () => {
    expect([shortNumber(0.123456), shortNumber(-2.5e-7), shortNumber(31415.9), shortNumber(0)]).toEqual([
      '0.1235',
      '-2.50e-7',
      '3.14e+4',
      '0',
    ]);
  });
});
