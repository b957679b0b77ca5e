// Per-step instruments: every quantity the notes name, per Dense layer, measured from the buffers the
// last step left behind (forward caches, ∂L/∂z, gradients) before anything else overwrites them.
// L = Dense layers, B = rows of the last step, N = a hidden layer's width.
// measure() writes preallocated Float64Arrays and allocates nothing; the sums run one call per layer; read() copies them out for the log.

import type { ActivationName } from '../activations.js';
import type { ActivationSums, BufferStats, DenseSums, FractionKind } from '../kernels/plain-stats.js';
import type { Model } from '../model.js';
import type { LayerInstruments as RecordLayerInstruments } from '../record/instruments.js';
import { sumSquares } from '../tensor.js';
import { SATURATION_DERIVATIVE } from './thresholds.js';

export type LayerInstruments = RecordLayerInstruments;

export interface Instruments {
  /** copy the Dense weights, so the next measure() can report ‖ΔW‖ of the step in between */
  rememberWeights(): void;
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

// the columns' order in one Float64Array (the fused WASM path writes them in this order)
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
  /** the z/a/f' reductions (default: the model's kernel set's, plain loops or their WASM twins) */
  readonly stats?: BufferStats;
}

export function createInstruments(model: Model, opts: InstrumentOptions = {}): Instruments {
  const stats = opts.stats ?? model.kernels.stats;
  const { snapshotBuffer, copySquares, denseSums, activationSums } = stats;
  const blocks = model.blocks;
  const L = blocks.length;
  const maxWidth = Math.max(...blocks.map((b) => b.outDim));
  const offered = stats.layerMeter?.(L, maxWidth) ?? null;
  // metric m of layer l at store[m·L + l]: with a fused meter, its columns, written by one call
  const store = offered ? offered.columns : new Float64Array(METRICS.length * L);
  store.fill(Number.NaN);
  const column = (m: Metric): Float64Array =>
    store.subarray(METRICS.indexOf(m) * L, (METRICS.indexOf(m) + 1) * L);
  // NOTE: a literal, not Object.fromEntries: V8 gives it a fixed shape, so `values.zMean` is a field load
  // instead of a dictionary lookup (measure() reads and writes these ~20 times per layer)
  const values: Record<Metric, Float64Array> = {
    weightNorm: column('weightNorm'),
    gradNorm: column('gradNorm'),
    biasGradNorm: column('biasGradNorm'),
    updateRatio: column('updateRatio'),
    signalGradNorm: column('signalGradNorm'),
    signalRatio: column('signalRatio'),
    zMean: column('zMean'),
    zStd: column('zStd'),
    aMean: column('aMean'),
    aStd: column('aStd'),
    meanDerivative: column('meanDerivative'),
    deadFraction: column('deadFraction'),
    saturatedFraction: column('saturatedFraction'),
  };
  const before = blocks.map((b) => snapshotBuffer(b.dense.weight)); // W_l at the last snapshot
  // activationRms_l = sqrt(mean over rows of ‖h_l‖²): the forward twin of signalGradNorm, kept outside
  // the fused columns (the mean-field q^l is read from it: q^{l+1} = σ_w² activationRms_l²/N + σ_b²)
  const activationRms = new Float64Array(L).fill(Number.NaN);
  const measureOutputs = (): void => {
    for (let l = 0; l < L; l++) {
      const b = blocks[l]!;
      const h = b.lastOutput;
      activationRms[l] =
        h && b.lastRows > 0 ? Math.sqrt(sumSquares(h, 0, b.lastRows * b.outDim) / b.lastRows) : Number.NaN;
    }
  };
  // which fraction each activation reports, and f' below which a unit-activation counts as saturated
  const kinds: FractionKind[] = blocks.map((b) => {
    const name = b.activation?.fn.name;
    if (name === undefined) return 'none';
    return RECTIFIERS.includes(name) ? 'dead' : SQUASHING.includes(name) ? 'saturated' : 'none';
  });
  const limits = blocks.map((b) => SATURATION_DERIVATIVE * (b.activation?.fn.maxDerivative ?? 0));
  const alive = new Uint8Array(maxWidth);
  const ds: DenseSums = { weight: 0, update: 0, grad: 0, bias: 0, signal: 0 };
  const as: ActivationSums = { zMean: 0, zStd: 0, aMean: 0, aStd: 0, meanDerivative: 0, fraction: 0 };
  let haveSnapshot = false;

  // every column of layer l is written, NaN where the layer has nothing to measure
  const writeActivation = (l: number, s: ActivationSums | null): void => {
    values.zMean[l] = s ? s.zMean : Number.NaN;
    values.zStd[l] = s ? s.zStd : Number.NaN;
    values.aMean[l] = s ? s.aMean : Number.NaN;
    values.aStd[l] = s ? s.aStd : Number.NaN;
    values.meanDerivative[l] = s ? s.meanDerivative : Number.NaN;
    // NOTE: NaN compares false with everything, so a non-finite z would count as dead or saturated
    const fraction = s && Number.isFinite(s.zMean) ? s.fraction : Number.NaN;
    values.deadFraction[l] = kinds[l] === 'dead' ? fraction : Number.NaN;
    values.saturatedFraction[l] = kinds[l] === 'saturated' ? fraction : Number.NaN;
  };
  const measureActivation = (l: number): void => {
    const act = blocks[l]!.activation;
    const z = act?.lastZ;
    const B = act?.lastB ?? 0;
    const s =
      act && z
        ? activationSums(z, act.out, act.derivative, B, act.outDim, kinds[l]!, limits[l]!, alive, as)
        : null;
    writeActivation(l, s);
  };

  // the fused path. NOTE: a layer's weights and gradients are views bound once, at model creation
  // (model.ts), so they are recorded once; z, dz and f' are recorded every step (the same arrays again
  // cost an identity check)
  const meter =
    offered &&
    blocks.every((b, l) => {
      const act = b.activation;
      const d = b.dense;
      const a = act ? act.out : null;
      return offered.layer(
        l,
        d.weight,
        before[l]!,
        d.dWeight,
        d.dBias,
        a,
        act?.outDim ?? 0,
        kinds[l]!,
        limits[l]!,
      );
    })
      ? offered
      : null;
  const beforeSquares = meter ? meter.squares : new Float64Array(L); // ‖W_l‖_F² of the snapshot
  const recordStep = (batch: number): boolean => {
    for (let l = 0; l < L; l++) {
      const block = blocks[l]!;
      const dz = batch === 0 ? null : block.dense.lastDz;
      const act = block.activation;
      const z = act ? act.lastZ : null;
      const nDz = batch * block.dense.outDim;
      const ok =
        act && z
          ? meter!.step(l, dz, nDz, z, act.derivative, act.lastB)
          : meter!.step(l, dz, nDz, null, null, 0);
      if (!ok) return false;
    }
    return true;
  };
  const writeDense = (l: number, batch: number, hasDz: boolean): void => {
    values.weightNorm[l] = Math.sqrt(ds.weight);
    values.updateRatio[l] = haveSnapshot ? Math.sqrt(ds.update) / Math.sqrt(beforeSquares[l]!) : Number.NaN;
    values.gradNorm[l] = Math.sqrt(ds.grad);
    values.biasGradNorm[l] = Math.sqrt(ds.bias);
    // signalGradNorm (train/layer-stats.ts): sqrt(B)·‖∂L/∂z‖_F, 0 without a gradient
    values.signalGradNorm[l] = hasDz ? Math.sqrt(batch) * Math.sqrt(ds.signal) : 0;
  };

  return {
    rememberWeights() {
      if (meter) meter.snapshot();
      else {
        for (let l = 0; l < L; l++) {
          const w = blocks[l]!.dense.weight;
          beforeSquares[l] = copySquares(before[l]!, w, w.length);
        }
      }
      haveSnapshot = true;
    },
    measure(batch) {
      measureOutputs();
      if (meter && recordStep(batch)) {
        meter.run(haveSnapshot, batch); // every column, signalRatio included
        haveSnapshot = false;
        return;
      }
      for (let l = 0; l < L; l++) {
        const d = blocks[l]!.dense;
        const dz = batch === 0 ? null : d.lastDz;
        denseSums(d.weight, haveSnapshot ? before[l]! : null, d.dWeight, d.dBias, dz, batch * d.outDim, ds);
        writeDense(l, batch, dz !== null);
        measureActivation(l);
      }
      for (let l = 0; l < L; l++) {
        const next = l + 1 < L ? values.signalGradNorm[l + 1]! : 0;
        values.signalRatio[l] = next > 0 ? values.signalGradNorm[l]! / next : Number.NaN;
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
          activationRms: orNull(activationRms[l]!),
        };
      });
    },
  };
}
