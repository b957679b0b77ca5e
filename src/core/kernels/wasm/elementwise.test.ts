// The WASM activation twins, Hadamard product and sum of squares against their plain references.

import { beforeAll, describe, expect, it } from 'vitest';
import { parseActivation } from '../../activations.js';
import { createRng } from '../../rng.js';
import { sumSquares } from '../../tensor.js';
import { createWasmKernels, type WasmKernels } from './index.js';

let wk: WasmKernels;
beforeAll(async () => {
  wk = await createWasmKernels({ memoryBytes: 8 * 1024 * 1024 });
});

const SPECIAL = [
  0,
  -0,
  1e-30,
  -1e-30,
  3e-4,
  -5e-4,
  1,
  -1,
  7.9,
  -7.91,
  9,
  -20,
  88,
  Infinity,
  -Infinity,
  Number.NaN,
];

/** n inputs in WASM memory: the special values first, then normals of scale 3. */
function inputs(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const z = wk.alloc('float32', n) as Float32Array;
  for (let i = 0; i < n; i++) z[i] = i < SPECIAL.length ? SPECIAL[i]! : 3 * rng.normal();
  return z;
}

function expectClose(got: Float32Array, want: Float32Array, tol: number, what: string): void {
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (Number.isNaN(w)) expect(g, `${what}[${i}]`).toBeNaN();
    else if (g !== w)
      expect(Math.abs(g - w), `${what}[${i}]: got ${g}, want ${w}`).toBeLessThanOrEqual(
        tol * Math.max(1, Math.abs(w)),
      );
  }
}

describe('wasm activation twins match the reference activations', () => {
  // [spec, forward tolerance, derivative tolerance]. NOTE: the WASM kernels round in float32 where the
  // reference rounds once from float64: slope·z and tanh's 1 − a² may differ by 1 ulp (≤ 1.2e-7).
  const cases: [string, number, number][] = [
    ['relu', 0, 0],
    ['leaky-relu:0.01', 1.2e-7, 0],
    ['leaky-relu:0.2', 1.2e-7, 0],
    ['tanh', 4e-7, 1.2e-7],
  ];
  for (const [spec, tol, dTol] of cases) {
    for (const n of [1, 3, 4, 5, 17, 1000]) {
      it(`${spec} forward and derivative on ${n} values (±0, NaN, ±Inf, tiny, huge included)${tol ? ` to ${tol}` : ' exactly'}`, () => {
        const fn = parseActivation(spec);
        const fast = wk.activation(fn)!;
        expect(fast.spec).toBe(fn.spec);
        const z = inputs(n, n);
        const a = wk.alloc('float32', n) as Float32Array;
        const d = wk.alloc('float32', n) as Float32Array;
        const wantA = new Float32Array(n);
        const wantD = new Float32Array(n);
        fn.forward(wantA, z, n);
        fast.forward(a, z, n);
        expectClose(a, wantA, tol, `${spec} a`);
        fn.derivative(wantD, z, a, n);
        fast.derivative(d, z, a, n);
        expectClose(d, wantD, dTol, `${spec} d`);
      });
    }
  }

  it('keeps tanh(−0) = −0 and tanh(±Inf) = ±1', () => {
    const fast = wk.activation(parseActivation('tanh'))!;
    const z = wk.alloc('float32', 3) as Float32Array;
    z.set([-0, Infinity, -Infinity]);
    const a = wk.alloc('float32', 3) as Float32Array;
    fast.forward(a, z, 3);
    expect(Object.is(a[0], -0)).toBe(true);
    expect([a[1], a[2]]).toEqual([1, -1]);
  });

  it('has no twin for activations without a WASM kernel (sigmoid, elu, gelu, linear)', () => {
    for (const spec of ['sigmoid', 'elu', 'gelu', 'linear'])
      expect(wk.activation(parseActivation(spec))).toBeUndefined();
  });

  it('falls back to the plain activation for arrays outside the WASM memory', () => {
    const fast = wk.activation(parseActivation('relu'))!;
    const a = new Float64Array(3);
    fast.forward(a, Float64Array.from([-1, 0.5, 2]), 3);
    expect(Array.from(a)).toEqual([0, 0.5, 2]);
  });
});

describe('wasm mul and sumSquares', () => {
  for (const n of [0, 1, 3, 8, 33, 1001]) {
    it(`mul multiplies ${n} pairs exactly`, () => {
      const a = inputs(n, 1);
      const b = inputs(n, 2);
      const out = wk.alloc('float32', n) as Float32Array;
      wk.mul(out, a, b, n);
      const want = Float32Array.from(a, (x, i) => x * b[i]!);
      expectClose(out, want, 0, 'mul');
    });

    it(`sumSquares of ${n} values equals the float64 reference to 1e-12`, () => {
      const rng = createRng(n);
      const v = wk.alloc('float32', n) as Float32Array;
      for (let i = 0; i < n; i++) v[i] = rng.normal() * 1e-20;
      const want = sumSquares(v);
      expect(Math.abs(wk.sumSquares(v) - want)).toBeLessThanOrEqual(1e-12 * want);
    });
  }

  it('sumSquares honours offset and length, and does not underflow for 1e-25 values', () => {
    const v = wk.alloc('float32', 10) as Float32Array;
    v.fill(1e-25);
    v[0] = 5;
    expect(wk.sumSquares(v, 1, 9)).toBeCloseTo(9 * Math.fround(1e-25) ** 2, 60);
    expect(wk.sumSquares(v, 1, 9)).toBeGreaterThan(0);
  });
});
