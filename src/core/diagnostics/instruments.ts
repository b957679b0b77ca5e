// Per-step instruments: every quantity the notes name, per Dense layer, measured from the buffers the
// last step left behind (forward caches, ∂L/∂z, gradients) before anything else overwrites them.
// L = Dense layers, B = rows of the last step, N = a hidden layer's width.
// measure() writes preallocated Float64Arrays and allocates nothing; read() copies them out for the log.

import type { ActivationName } from '../activations.js';
import type { Model } from '../model.js';
import { norm2 } from '../tensor.js';
import { signalGradNorm } from '../train/layer-stats.js';
import { type BufferStats, type Moments, plainBufferStats } from './buffer-stats.js';
import { SATURATION_DERIVATIVE } from './thresholds.js';

export interface LayerInstruments {
  readonly index: number;
  /** ‖W_l‖_F after the step */
  readonly weightNorm: number;
  /** ‖∂L/∂W_l‖_F as applied (penalty included, after clipping) */
  readonly gradNorm: number;
  readonly biasGradNorm: number;
  /** ‖W_after − W_before‖_F / ‖W_before‖_F: what the optimizer actually did; null without a snapshot */
  readonly updateRatio: number | null;
  /** RMS over the batch of ‖∂ℓ_t/∂z_l‖₂ (see layer-stats) */
  readonly signalGradNorm: number;
  /** signalGradNorm_l / signalGradNorm_{l+1}: the measured factor D_l; null for the output layer */
  readonly signalRatio: number | null;
  /** statistics of the activation's input z (Dense output, or the norm's output with --norm); hidden only */
  readonly zMean: number | null;
  readonly zStd: number | null;
  /** statistics of a = f(z); hidden layers only */
  readonly aMean: number | null;
  readonly aStd: number | null;
  /** E[f'(z)] over the batch: the diag(f'(z_l)) factor of D_l */
  readonly meanDerivative: number | null;
  /** relu / leaky-relu: fraction of units with z ≤ 0 on every example of the batch */
  readonly deadFraction: number | null;
  /** sigmoid / tanh: fraction of unit-activations with f'(z) < 5% of max f' */
  readonly saturatedFraction: number | null;
}

export interface Instruments {
  /** copy the Dense weights, so the next measure() can report ‖ΔW‖ of the step in between */
  snapshot(): void;
  /** measure the last step (call right after it, before probes or evaluation touch the buffers) */
  measure(batch: number): void;
  /** the last measurement as plain data */
  read(): LayerInstruments[];
}

const RECTIFIERS: readonly ActivationName[] = ['relu', 'leaky-relu'];
const SQUASHING: readonly ActivationName[] = ['sigmoid', 'tanh'];

type Metric =
  | 'weightNorm'
  | 'gradNorm'
  | 'biasGradNorm'
  | 'updateRatio'
  | 'signalGradNorm'
  | 'signalRatio'
  | 'zMean'
  | 'zStd'
  | 'aMean'
  | 'aStd'
  | 'meanDerivative'
  | 'deadFraction'
  | 'saturatedFraction';

const METRICS: readonly Metric[] = [
  'weightNorm',
  'gradNorm',
  'biasGradNorm',
  'updateRatio',
  'signalGradNorm',
  'signalRatio',
  'zMean',
  'zStd',
  'aMean',
  'aStd',
  'meanDerivative',
  'deadFraction',
  'saturatedFraction',
];

/** NaN in a Float64Array stands for "not measured" and becomes null in read(). */
const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

export interface InstrumentOptions {
  /** the z/a/f' reductions (default: plain loops; WASM kernels offer twins via bufferStats) */
  readonly stats?: BufferStats;
}

export function createInstruments(model: Model, opts: InstrumentOptions = {}): Instruments {
  const { moments, deadFraction, fractionBelow } = opts.stats ?? plainBufferStats;
  const blocks = model.blocks;
  const L = blocks.length;
  const column = (): Float64Array => new Float64Array(L).fill(Number.NaN);
  // NOTE: a literal, not Object.fromEntries: V8 gives it a fixed shape, so `values.zMean` is a field load
  // instead of a dictionary lookup (measure() reads and writes these ~20 times per layer)
  const values: Record<Metric, Float64Array> = {
    weightNorm: column(),
    gradNorm: column(),
    biasGradNorm: column(),
    updateRatio: column(),
    signalGradNorm: column(),
    signalRatio: column(),
    zMean: column(),
    zStd: column(),
    aMean: column(),
    aStd: column(),
    meanDerivative: column(),
    deadFraction: column(),
    saturatedFraction: column(),
  };
  const columns = METRICS.map((metric) => values[metric]);
  const offsets = new Int32Array(L + 1);
  for (let l = 0; l < L; l++) offsets[l + 1] = offsets[l]! + blocks[l]!.dense.weight.length;
  const before = new Float64Array(offsets[L]!); // every Dense weight, concatenated
  const beforeSquares = new Float64Array(L); // ‖W_l‖_F² of the snapshot
  const maxWidth = Math.max(...blocks.map((b) => b.outDim));
  const alive = new Uint8Array(maxWidth);
  const m: Moments = { mean: 0, std: 0 };
  let haveSnapshot = false;

  const measureActivation = (l: number): void => {
    const act = blocks[l]!.activation;
    const z = act?.lastZ;
    if (!act || !z) return;
    const n = act.lastB * act.outDim;
    moments(z, n, m);
    values.zMean[l] = m.mean;
    values.zStd[l] = m.std;
    moments(act.out, n, m);
    values.aMean[l] = m.mean;
    values.aStd[l] = m.std;
    const d = act.derivative;
    moments(d, n, m);
    values.meanDerivative[l] = m.mean;
    // NOTE: NaN compares false with everything, so a non-finite z would count as dead or saturated
    if (!Number.isFinite(values.zMean[l]!)) return;
    if (RECTIFIERS.includes(act.fn.name))
      values.deadFraction[l] = deadFraction(z, act.lastB, act.outDim, alive);
    if (SQUASHING.includes(act.fn.name)) {
      values.saturatedFraction[l] = fractionBelow(d, n, SATURATION_DERIVATIVE * act.fn.maxDerivative);
    }
  };

  return {
    snapshot() {
      for (let l = 0; l < L; l++) {
        const w = blocks[l]!.dense.weight;
        const o = offsets[l]!;
        let sq = 0;
        for (let i = 0; i < w.length; i++) {
          before[o + i] = w[i]!;
          sq += w[i]! * w[i]!;
        }
        beforeSquares[l] = sq;
      }
      haveSnapshot = true;
    },
    measure(batch) {
      for (let k = 0; k < columns.length; k++) columns[k]!.fill(Number.NaN);
      for (let l = 0; l < L; l++) {
        const d = blocks[l]!.dense;
        const w = d.weight;
        if (haveSnapshot) {
          // one pass for ‖W‖² and ‖W − W_before‖² (the sums norm2 would form, in the same order)
          const o = offsets[l]!;
          let sq = 0;
          let dsq = 0;
          for (let i = 0; i < w.length; i++) {
            const v = w[i]!;
            const dv = v - before[o + i]!;
            sq += v * v;
            dsq += dv * dv;
          }
          values.weightNorm[l] = Math.sqrt(sq);
          values.updateRatio[l] = Math.sqrt(dsq) / Math.sqrt(beforeSquares[l]!);
        } else values.weightNorm[l] = norm2(w);
        values.gradNorm[l] = norm2(d.dWeight);
        values.biasGradNorm[l] = norm2(d.dBias);
        values.signalGradNorm[l] = signalGradNorm(d.lastDz, batch, d.outDim);
        measureActivation(l);
      }
      for (let l = 0; l + 1 < L; l++) {
        const next = values.signalGradNorm[l + 1]!;
        if (next > 0) values.signalRatio[l] = values.signalGradNorm[l]! / next;
      }
      haveSnapshot = false;
    },
    read() {
      return blocks.map((_, l) => {
        const v = (metric: Metric): number | null => orNull(values[metric][l]!);
        return {
          index: l,
          weightNorm: values.weightNorm[l]!,
          gradNorm: values.gradNorm[l]!,
          biasGradNorm: values.biasGradNorm[l]!,
          updateRatio: v('updateRatio'),
          signalGradNorm: values.signalGradNorm[l]!,
          signalRatio: v('signalRatio'),
          zMean: v('zMean'),
          zStd: v('zStd'),
          aMean: v('aMean'),
          aStd: v('aStd'),
          meanDerivative: v('meanDerivative'),
          deadFraction: v('deadFraction'),
          saturatedFraction: v('saturatedFraction'),
        };
      });
    },
  };
}
