// The contract between the instruments (src/core/diagnostics/) and the kernels that may speed up their
// reductions: plain twins live in kernels/plain-stats.ts, WASM twins in kernels/wasm/stats.ts and
// layer-sums.ts. It sits in the kernel layer so that kernels never import diagnostics.

/** Mean and (population) standard deviation; two passes, so |mean| ≫ std does not cancel. */
export interface Moments {
  mean: number;
  std: number;
}

/** The squares behind one Dense layer's norms after a step; the instruments take the square roots. */
export interface DenseSums {
  /** Σ w² */
  weight: number;
  /** Σ (w − before)²; NaN without a snapshot */
  update: number;
  /** Σ dW² */
  grad: number;
  /** Σ db² */
  bias: number;
  /** Σ dz² over the first nDz entries (0 without dz) */
  signal: number;
}

/** Which fraction of an activation layer the instruments report. */
export type FractionKind = 'dead' | 'saturated' | 'none';

/** An activation layer's statistics over B·N entries (NaN when B·N = 0). */
export interface ActivationSums {
  zMean: number;
  zStd: number;
  aMean: number;
  aStd: number;
  meanDerivative: number;
  /** deadFraction of z ('dead'), fractionBelow(f', limit) ('saturated'), or NaN ('none') */
  fraction: number;
}

/**
 * The fused twin of the instruments' per-layer path over a whole model (one call per measure; see
 * src/core/kernels/wasm/layer-sums.ts): record each layer's buffers once and each step's, then run() writes every metric into
 * `columns` (metric m of layer l at [m·L + l], instruments.ts METRICS order), from the snapshot's `squares`.
 */
export interface LayerMeter {
  readonly columns: Float64Array;
  /** Σ W_l² of the last snapshot */
  readonly squares: Float64Array;
  /** the buffers bound for the model's life, once per layer; false: measure per layer instead */
  layer(
    l: number,
    w: ArrayLike<number>,
    before: ArrayLike<number>,
    dW: ArrayLike<number>,
    db: ArrayLike<number>,
    a: ArrayLike<number> | null,
    N: number,
    kind: FractionKind,
    limit: number,
  ): boolean;
  /** the step's dz, z and f' of layer l; false: measure this step per layer */
  step(
    l: number,
    dz: ArrayLike<number> | null,
    nDz: number,
    z: ArrayLike<number> | null,
    d: ArrayLike<number> | null,
    B: number,
  ): boolean;
  snapshot(): void;
  run(hasBefore: boolean, batch: number): void;
}

/** The per-layer reductions of BufferStats. */
export interface LayerSums {
  /** optional fused path for L layers up to maxWidth wide (null or absent: the per-layer calls) */
  layerMeter?(L: number, maxWidth: number): LayerMeter | null;
  /** where snapshot() keeps a copy of `w` (holding it exactly) */
  snapshotBuffer(w: ArrayLike<number>): Float32Array | Float64Array;
  /** dst = src (first n) and Σ src² */
  copySquares(dst: Float32Array | Float64Array, src: ArrayLike<number>, n: number): number;
  denseSums(
    w: ArrayLike<number>,
    before: ArrayLike<number> | null,
    dW: ArrayLike<number>,
    db: ArrayLike<number>,
    dz: ArrayLike<number> | null,
    nDz: number,
    out: DenseSums,
  ): DenseSums;
  activationSums(
    z: ArrayLike<number>,
    a: ArrayLike<number>,
    d: ArrayLike<number>,
    B: number,
    N: number,
    kind: FractionKind,
    limit: number,
    alive: Uint8Array,
    out: ActivationSums,
  ): ActivationSums;
}

/** The reductions the instruments call; a kernel set may supply faster twins with the same contract. */
export interface BufferStats extends LayerSums {
  moments(v: ArrayLike<number>, n: number, out: Moments): Moments;
  deadFraction(z: ArrayLike<number>, B: number, N: number, alive: Uint8Array): number;
  fractionBelow(d: ArrayLike<number>, n: number, limit: number): number;
}
