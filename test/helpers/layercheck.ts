// Float64 checks of one layer in isolation: backward against finite differences of ⟨dy, forward(x)⟩,
// jvp against finite differences of forward along a direction, and vjp as jvp's adjoint.

import { referenceKernels } from '../../src/core/kernels/reference.js';
import type { Layer, LayerContext, Mode } from '../../src/core/layers/layer.js';
import { createRng, type Rng } from '../../src/core/rng.js';
import { relError } from './gradcheck.js';

/** What jvp/vjp checks need: a layer or a whole block. */
export type Linearized = Pick<Layer, 'inDim' | 'outDim' | 'forward' | 'jvp' | 'vjp'>;

export interface BoundLayer {
  readonly values: Float64Array[];
  readonly grads: Float64Array[];
  readonly state: Float64Array[];
}

export function float64Ctx(capacity: number): LayerContext {
  return { kernels: referenceKernels, dtype: 'float64', capacity };
}

/** Allocate, initialise and bind float64 parameter, gradient and state buffers for the layer. */
export function bindFresh(layer: Layer, rng: Rng = createRng(3)): BoundLayer {
  const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
  const values = layer.params.map((p) => new Float64Array(size(p.shape)));
  const grads = layer.params.map((p) => new Float64Array(size(p.shape)));
  const state = layer.state.map((s) => new Float64Array(size(s.shape)));
  for (const [i, p] of layer.params.entries()) p.init(values[i]!, rng);
  for (const [i, s] of layer.state.entries()) s.init(state[i]!);
  layer.bind(values, grads, state);
  return { values, grads, state };
}

export function randomVec(n: number, rng: Rng, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => scale * rng.normal());
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

/** 5-point central difference of f at 0 along a scalar step. */
function fd5(f: (h: number) => number, h: number): number {
  return (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h);
}

/**
 * Max relative error of backward's dx and parameter gradients against finite differences of the scalar
 * ⟨dy, forward(x)⟩. Runs forward in `mode` for every evaluation.
 */
export function checkLayerBackward(
  layer: Layer,
  bound: BoundLayer,
  x: Float64Array,
  B: number,
  dy: Float64Array,
  mode: Mode,
  h = 1e-4,
): { dx: number; params: number[] } {
  const objective = (): number => dot(dy, layer.forward(x, B, mode), B * layer.outDim);
  objective();
  for (const g of bound.grads) g.fill(0);
  const dx = Float64Array.from(layer.backward(dy, B, true)!.subarray(0, B * layer.inDim));
  const perturb = (buf: Float64Array, i: number): number => {
    const keep = buf[i]!;
    const numeric = fd5((d) => {
      buf[i] = keep + d;
      return objective();
    }, h);
    buf[i] = keep;
    return numeric;
  };
  let dxErr = 0;
  for (let i = 0; i < B * layer.inDim; i++) dxErr = Math.max(dxErr, relError(dx[i]!, perturb(x, i)));
  const params = bound.values.map((v, k) => {
    let worst = 0;
    for (let i = 0; i < v.length; i++) worst = Math.max(worst, relError(bound.grads[k]![i]!, perturb(v, i)));
    return worst;
  });
  return { dx: dxErr, params };
}

/** Max relative error of jvp at x along v against finite differences of `forwardAt` (default: the layer). */
export function checkLayerJvp(
  layer: Linearized,
  x: Float64Array,
  B: number,
  v: Float64Array,
  mode: Mode,
  forwardAt: (xs: Float64Array) => ArrayLike<number> = (xs) => layer.forward(xs, B, mode),
  h = 1e-4,
): number {
  const O = layer.outDim;
  const n = B * layer.inDim;
  const xs = new Float64Array(n);
  const numeric = new Float64Array(B * O);
  const stencil: [number, number][] = [
    [2, -1],
    [1, 8],
    [-1, -8],
    [-2, 1],
  ];
  for (const [k, w] of stencil) {
    for (let i = 0; i < n; i++) xs[i] = x[i]! + k * h * v[i]!;
    const y = forwardAt(xs);
    for (let i = 0; i < B * O; i++) numeric[i] += (w * y[i]!) / (12 * h);
  }
  layer.forward(x, B, mode);
  const t = layer.jvp(v, B);
  let worst = 0;
  for (let i = 0; i < B * O; i++) worst = Math.max(worst, relError(t[i]!, numeric[i]!));
  return worst;
}

/** |⟨u, J v⟩ − ⟨Jᵀu, v⟩| / max(|⟨u, J v⟩|, …) at the last forward. */
export function adjointGap(layer: Linearized, B: number, u: Float64Array, v: Float64Array): number {
  const uJv = dot(u, layer.jvp(v, B), B * layer.outDim);
  const JTuv = dot(layer.vjp(u, B), v, B * layer.inDim);
  return relError(uJv, JTuv);
}

/**
 * An Rng whose streams (its own and every fork's) restart on reset(), so a dropout mask can be redrawn
 * identically for each finite-difference evaluation.
 */
export function replayRng(make: () => Rng): { rng: Rng; reset(): void } {
  let inner = make();
  const children: (() => void)[] = [];
  const rng: Rng = {
    uint32: () => inner.uint32(),
    next: () => inner.next(),
    normal: () => inner.normal(),
    int: (n) => inner.int(n),
    shuffle: (a) => inner.shuffle(a),
    shuffleIndices: (order, kernel) => inner.shuffleIndices(order, kernel),
    save: () => inner.save(),
    restore: (state) => inner.restore(state),
    fork(label) {
      const child = replayRng(() => make().fork(label));
      children.push(child.reset);
      return child.rng;
    },
  };
  return {
    rng,
    reset() {
      inner = make();
      for (const r of children) r();
    },
  };
}
