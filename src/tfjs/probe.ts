// What the probe batch tells at the current weights, per Dense layer: the statistics of z and a = f(z),
// the dead and saturated fractions, the backpropagated signal ∂ℓ_t/∂z_l, and D_l = diag(f′(z_l)) K_lᵀ
// with its spectral norm per example. One eager replay of the chain gives z_l; a zero tap e_l added
// to each z_l makes ∂(Σ_t ℓ_t)/∂e_l = ∂ℓ_t/∂z_l for every layer from one backward pass.
// B = batch, I = in, O = out. Every tensor is disposed before return; only numbers leave this file.

import * as tf from '@tensorflow/tfjs-core';
import { createRng, PROBE_BATCH, PROBE_ITERATIONS, SATURATION_DERIVATIVE, spectralNorm } from '../index.js';
import type { DenseInfo, ModelMap } from './model-map.js';

export interface LayerProbe {
  /** RMS over the batch of ‖∂ℓ_t/∂z_l‖₂ */
  readonly signalGradNorm: number;
  readonly zMean: number;
  readonly zStd: number;
  readonly aMean: number;
  readonly aStd: number;
  /** E[f′(z)] over the batch */
  readonly meanDerivative: number;
  /** relu-type: units with z ≤ 0 on every example; NaN for other activations */
  readonly deadFraction: number;
  /** sigmoid/tanh: unit-activations with f′(z) < 5% of max f′; NaN for others */
  readonly saturatedFraction: number;
  /** mean and max over the probed examples of ‖D_l‖₂ */
  readonly jacobianMean: number;
  readonly jacobianMax: number;
  /** ‖K_l‖₂ */
  readonly weightSpectralNorm: number;
  /** whether z or a held a NaN/Inf */
  readonly nonFinite: 'z' | 'a' | null;
}

export interface ProbeResult {
  readonly layers: readonly LayerProbe[];
  /** mean loss over the probe batch, eval mode */
  readonly loss: number;
  /** fraction classified correctly (bce/ce), else undefined */
  readonly accuracy?: number;
  /** examples used for the D_l norms */
  readonly batch: number;
  /** per example: ‖∂out/∂x‖₂ and Π_l ‖D_l‖₂ (pure Dense chains only, else empty) */
  readonly endToEnd: readonly number[];
  readonly bound: readonly number[];
  /** per example ‖∂f/∂x‖₂, f the probability (bce/ce) or the output value */
  readonly sharpness: readonly number[];
}

const RECTIFIERS = ['relu', 'relu6', 'elu', 'selu'];
const MAX_DERIVATIVE: Record<string, number> = { sigmoid: 0.25, tanh: 1 };

/** z_l and a_l of every Dense layer and the output, replaying the chain eagerly in eval mode. */
export function replay(map: ModelMap, x: tf.Tensor, taps: readonly tf.Tensor[] | null) {
  const zs: tf.Tensor[] = [];
  const as: tf.Tensor[] = [];
  let h = x;
  let d = 0;
  for (const layer of map.chain) {
    const info = map.dense.find((l) => l.layer === layer);
    if (info) {
      let z = tf.matMul(h as tf.Tensor2D, info.kernel.read() as tf.Tensor2D);
      if (info.bias) z = tf.add(z, info.bias.read());
      if (taps) z = tf.add(z, taps[d]!);
      const a = info.apply(z);
      zs.push(z);
      as.push(a);
      h = a;
      d++;
    } else {
      h = layer.apply(h, { training: false }) as tf.Tensor;
    }
  }
  return { zs, as, out: h };
}

function moments(v: Float32Array): { mean: number; std: number } {
  let s = 0;
  for (const x of v) s += x;
  const mean = s / v.length;
  let q = 0;
  for (const x of v) q += (x - mean) * (x - mean);
  return { mean, std: Math.sqrt(q / v.length) };
}

const finiteAll = (v: Float32Array): boolean => v.every(Number.isFinite);

/** D = diag(f′) Kᵀ (O, I) for one example, f′ (O) its row of f′(z), K (I, O) row-major. */
function fillD(D: Float64Array, K: Float32Array, df: Float32Array, row: number, I: number, O: number): void {
  for (let o = 0; o < O; o++) {
    const s = df[row * O + o]!;
    for (let i = 0; i < I; i++) D[o * I + i] = s * K[i * O + o]!;
  }
}

/** M (R, I) = A (R, O) · D (O, I) */
function matmul(
  A: Float64Array,
  D: Float64Array,
  R: number,
  O: number,
  I: number,
): Float64Array<ArrayBuffer> {
  const M = new Float64Array(R * I);
  for (let r = 0; r < R; r++)
    for (let o = 0; o < O; o++) {
      const a = A[r * O + o]!;
      if (a === 0) continue;
      for (let i = 0; i < I; i++) M[r * I + i] += a * D[o * I + i]!;
    }
  return M;
}

function accuracy(
  map: ModelMap,
  y: Float32Array,
  out: Float32Array,
  B: number,
  O: number,
): number | undefined {
  if (map.loss === 'mse') return undefined;
  let right = 0;
  for (let r = 0; r < B; r++) {
    if (O === 1) {
      // tfjs's binaryCrossentropy takes probabilities: the output is p
      right += (out[r]! > 0.5 ? 1 : 0) === Math.round(y[r]!) ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let o = 1; o < O; o++) if (out[r * O + o]! > out[r * O + best]!) best = o;
    const label = y.length === B ? y[r]! : y.subarray(r * O, (r + 1) * O).indexOf(1);
    right += best === label ? 1 : 0;
  }
  return right / B;
}

/** Measure the probe batch at the current weights. */
export function probeModel(map: ModelMap, x: tf.Tensor, y: tf.Tensor, seed = 0): ProbeResult {
  const L = map.dense.length;
  const B = x.shape[0]!;
  // one backward pass: the taps' gradients are ∂(Σ_t ℓ_t)/∂z_l
  const { zs, as, dfs, dzs, out, loss } = tf.tidy(() => {
    const taps = map.dense.map((d) => tf.zeros([B, d.fanOut]));
    const total = (...e: tf.Tensor[]) => tf.sum(map.lossFn(y, replay(map, x, e).out));
    const dzs = tf.grads(total)(taps);
    const r = replay(map, x, null);
    const dfs = map.dense.map((d, l) =>
      d.folded || d.activation === 'softmax'
        ? tf.onesLike(r.zs[l]!)
        : tf.grad((z: tf.Tensor) => tf.sum(d.apply(z)))(r.zs[l]!),
    );
    const loss = tf.mean(map.lossFn(y, r.out));
    return { zs: r.zs, as: r.as, dfs, dzs, out: r.out, loss };
  });
  const read = (ts: tf.Tensor[]) => ts.map((t) => t.dataSync() as Float32Array);
  const zv = read(zs);
  const av = read(as);
  const dfv = read(dfs);
  const dzv = read(dzs);
  const outv = out.dataSync() as Float32Array;
  const yv = y.dataSync() as Float32Array;
  const kernels = map.dense.map((d) => d.kernel.read().dataSync() as Float32Array);
  const lossValue = loss.dataSync()[0]!;
  tf.dispose([zs, as, dfs, dzs, out, loss]);

  const rng = createRng(seed).fork('probes');
  const P = Math.min(B, PROBE_BATCH);
  const layerNorms = map.dense.map(() => new Float64Array(P));
  const layers = map.dense.map((d: DenseInfo, l): LayerProbe => {
    const { fanIn: I, fanOut: O } = d;
    const z = zv[l]!;
    const a = av[l]!;
    const df = dfv[l]!;
    let sq = 0;
    for (const v of dzv[l]!) sq += v * v;
    const zm = moments(z);
    const am = moments(a);
    let dMean = 0;
    for (const v of df) dMean += v;
    dMean /= df.length;
    let dead = Number.NaN;
    if (RECTIFIERS.includes(d.activation)) {
      let count = 0;
      for (let o = 0; o < O; o++) {
        let alive = false;
        for (let r = 0; r < B && !alive; r++) alive = z[r * O + o]! > 0;
        if (!alive) count++;
      }
      dead = count / O;
    }
    let saturated = Number.NaN;
    const maxD = MAX_DERIVATIVE[d.activation];
    if (maxD !== undefined && !d.folded) {
      let count = 0;
      for (const v of df) if (v < SATURATION_DERIVATIVE * maxD) count++;
      saturated = count / df.length;
    }
    const D = new Float64Array(O * I);
    const scratch = new Float64Array(O + I);
    let jMax = 0;
    let jSum = 0;
    for (let r = 0; r < P; r++) {
      fillD(D, kernels[l]!, df, r, I, O);
      const s = spectralNorm(D, O, I, rng, { iterations: PROBE_ITERATIONS }, scratch);
      layerNorms[l]![r] = s;
      jSum += s;
      jMax = Math.max(jMax, s);
    }
    const Kt = new Float64Array(O * I);
    for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) Kt[o * I + i] = kernels[l]![i * O + o]!;
    return {
      signalGradNorm: Math.sqrt(sq / B),
      zMean: zm.mean,
      zStd: zm.std,
      aMean: am.mean,
      aStd: am.std,
      meanDerivative: dMean,
      deadFraction: finiteAll(z) ? dead : Number.NaN,
      saturatedFraction: finiteAll(z) ? saturated : Number.NaN,
      jacobianMean: jSum / P,
      jacobianMax: jMax,
      weightSpectralNorm: spectralNorm(Kt, O, I, rng, { iterations: 300 }),
      nonFinite: !finiteAll(z) ? 'z' : !finiteAll(a) ? 'a' : null,
    };
  });

  const endToEnd: number[] = [];
  const bound: number[] = [];
  const sharpness: number[] = [];
  if (map.pureDense) {
    const last = map.dense[L - 1]!;
    const O = last.fanOut;
    for (let r = 0; r < P; r++) {
      // J = D_{L−1} ⋯ D_0, multiplied from the output side: (O, I_l) at every step
      let J: Float64Array<ArrayBuffer> = new Float64Array(O * last.fanIn);
      fillD(J, kernels[L - 1]!, dfv[L - 1]!, r, last.fanIn, O);
      for (let l = L - 2; l >= 0; l--) {
        const d = map.dense[l]!;
        const D = new Float64Array(d.fanOut * d.fanIn);
        fillD(D, kernels[l]!, dfv[l]!, r, d.fanIn, d.fanOut);
        J = matmul(J, D, O, d.fanOut, d.fanIn);
      }
      const I0 = map.dense[0]!.fanIn;
      const e2e = spectralNorm(J, O, I0, rng, { iterations: PROBE_ITERATIONS });
      endToEnd.push(e2e);
      bound.push(layerNorms.reduce((p, n) => p * n[r]!, 1));
      if (last.folded && O === 1) {
        const p = outv[r]!;
        sharpness.push(p * (1 - p) * e2e);
      } else if (last.folded) {
        // ∂p/∂z = diag(p) − ppᵀ for softmax
        const p = outv.subarray(r * O, (r + 1) * O);
        const S = new Float64Array(O * O);
        for (let i = 0; i < O; i++)
          for (let j = 0; j < O; j++) S[i * O + j] = (i === j ? p[i]! : 0) - p[i]! * p[j]!;
        sharpness.push(spectralNorm(matmul(S, J, O, O, I0), O, I0, rng, { iterations: PROBE_ITERATIONS }));
      } else sharpness.push(e2e);
    }
  }
  const acc = accuracy(map, yv, outv, B, out.shape[1] ?? 1);
  return {
    layers,
    loss: lossValue,
    ...(acc === undefined ? {} : { accuracy: acc }),
    batch: P,
    endToEnd,
    bound,
    sharpness,
  };
}
