import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { MOONS_CENTER, MOONS_SCALE, SHAPES, type ShapeName, SPIRAL_TURNS } from './point-sets.js';

const N = 2001;

/** Calls `check(x1, x2, label)` for every point of a fresh set. */
function eachPoint(name: ShapeName, check: (a: number, b: number, label: number) => void): void {
  const { x, y } = SHAPES[name](N, createRng(1));
  for (let i = 0; i < N; i++) check(x[2 * i]!, x[2 * i + 1]!, y[i]!);
}

describe('SHAPES', () => {
  it.each(Object.keys(SHAPES) as ShapeName[])(
    '%s gives N points in [−1, 1]², labels alternating 0, 1 and the same set for the same seed',
    (name) => {
      const a = SHAPES[name](N, createRng(2));
      expect(a.x.length).toBe(2 * N);
      expect(a.y).toEqual(Float64Array.from({ length: N }, (_, i) => i % 2));
      expect(a.x.every((v) => Math.abs(v) <= 1.0000000001)).toBe(true);
      expect(SHAPES[name](N, createRng(2))).toEqual(a);
      expect(SHAPES[name](N, createRng(3)).x).not.toEqual(a.x);
    },
  );

  it('circle puts class 1 inside radius 0.5 and class 0 in the ring 0.7..1', () => {
    eachPoint('circle', (a, b, label) => {
      const r = Math.hypot(a, b);
      if (label === 1) expect(r).toBeLessThan(0.5);
      else expect(r >= 0.7 - 1e-12 && r <= 1 + 1e-12).toBe(true);
    });
  });

  it('xor labels 1 exactly where x1·x2 > 0', () => {
    eachPoint('xor', (a, b, label) => expect(a * b > 0 ? 1 : 0).toBe(label));
  });

  it('gauss labels 1 exactly where x1 + x2 > 0', () => {
    eachPoint('gauss', (a, b, label) => expect(a + b > 0 ? 1 : 0).toBe(label));
  });

  it('spiral puts each class on its arm r = t/(2π·turns), class 0 rotated by π', () => {
    eachPoint('spiral', (a, b, label) => {
      const r = Math.hypot(a, b);
      const t = 2 * Math.PI * SPIRAL_TURNS * r + (label === 1 ? 0 : Math.PI);
      expect(a).toBeCloseTo(r * Math.sin(t), 12);
      expect(b).toBeCloseTo(r * Math.cos(t), 12);
    });
  });

  it('moons puts class 0 on the upper unit half circle and class 1 on the shifted lower one (make_moons)', () => {
    eachPoint('moons', (a, b, label) => {
      const mx = a / MOONS_SCALE + MOONS_CENTER[0];
      const my = b / MOONS_SCALE + MOONS_CENTER[1];
      if (label === 0) {
        expect(Math.hypot(mx, my)).toBeCloseTo(1, 12);
        expect(my).toBeGreaterThanOrEqual(-1e-12);
      } else {
        expect(Math.hypot(mx - 1, my - 0.5)).toBeCloseTo(1, 12);
        expect(my).toBeLessThanOrEqual(0.5 + 1e-12);
      }
    });
  });
});
