// The scheduled Jacobian probe: per-block ‖D_l‖₂ (mean and max over a probe batch) beside ‖W_l‖₂, the
// end-to-end ‖∂logits/∂x‖₂, the notes' bound ‖J‖ ≤ Π_l ‖D_l‖ per example, and boundary sharpness.
// ‖W_l‖₂ warm-starts from the previous probe's subspace (weight-norm.ts), so a later probe is cheaper.
// It runs in eval mode between steps. It overwrites forward caches, model.input and the layers' jvp/vjp
// buffers (some shared with backward), so call it only after the step's instruments were read; the next
// step recomputes all of them. Parameter gradients, optimizer state and the trainer's streams are untouched.
// B = probe rows, L = blocks.

import type { Dataset } from '../dataset.js';
import type { LossName } from '../losses.js';
import type { Model } from '../model.js';
import type { ProbeLayer as RecordProbeLayer, ProbeRecord as RecordProbeRecord } from '../record/probe.js';
import { createRng, type Rng } from '../rng.js';
import { norm2 } from '../tensor.js';
import { createJacobianProbe } from './jacobian.js';
import { createSharpnessMeter } from './sharpness.js';
import { BOUND_TOLERANCE, PROBE_BATCH, PROBE_ITERATIONS, WEIGHT_NORM_BLOCK } from './thresholds.js';
import { createWeightNormMeter } from './weight-norm.js';

export type ProbeLayer = RecordProbeLayer;

export type ProbeRecord = RecordProbeRecord;

export interface ProbeOptions {
  readonly iterations?: number;
  /** wall clock in ms (e.g. performance.now); without one, records carry no `ms` */
  readonly clock?: () => number;
}

export interface Prober {
  probe(step: number): ProbeRecord;
  /** the power iterations' random stream: a checkpoint keeps its position */
  readonly rng: Rng;
  /** the ‖W_l‖₂ start vectors the next probe warm-starts from (a checkpoint keeps them) */
  saveWarm(): number[][];
  restoreWarm(vectors: readonly (readonly number[])[]): void;
}

/** What the probe reads of a trainer: the model, its loss, the seed and the training set. */
export interface ProbeSource {
  readonly model: Model;
  readonly plan: { readonly loss: LossName };
  readonly config: { readonly seed: number };
  readonly data: { readonly train: Dataset };
}

export function createProber(source: ProbeSource, opts: ProbeOptions = {}): Prober {
  const { model } = source;
  const lossName = source.plan.loss;
  const train = source.data.train;
  const iterations = opts.iterations ?? PROBE_ITERATIONS;
  const { blocks, capacity } = model;
  const L = blocks.length;
  const B = Math.min(PROBE_BATCH, train.n, capacity);
  const D = model.spec.inputDim;
  const rng: Rng = createRng(source.config.seed).fork('probes');
  const jac = createJacobianProbe(model);
  const sharp = createSharpnessMeter(model, train, lossName);
  const sigma = new Float64Array(B); // (B) one range's norms
  const logSigma = new Float64Array(B); // (B) their logs
  const logProduct = new Float64Array(B); // (B) Σ_l log ‖D_l‖ per example
  const weightNorm = createWeightNormMeter(
    model.kernels,
    model.dtype,
    Math.max(...blocks.map((b) => b.dense.inDim)),
    Math.max(...blocks.map((b) => b.dense.outDim)),
  );
  // per layer: the subspace the last ‖W_l‖₂ ended on (zeros: draw a fresh one)
  const warm = blocks.map((b) => new Float64Array(WEIGHT_NORM_BLOCK * b.dense.inDim)); // (L) × (P, I_l)

  const loadProbeBatch = (): void => {
    for (let i = 0; i < B * D; i++) model.input[i] = train.x[i]!;
    model.forward(B, 'eval');
  };

  return {
    rng,
    saveWarm: () => warm.map((v) => Array.from(v)),
    restoreWarm(vectors) {
      for (let l = 0; l < L; l++) {
        const v = vectors[l];
        if (v && v.length === warm[l]!.length) warm[l]!.set(v);
        else warm[l]!.fill(0);
      }
    },
    probe(step) {
      const t0 = opts.clock?.();
      loadProbeBatch();
      logProduct.fill(0);
      const layers: ProbeLayer[] = [];
      for (let l = 0; l < L; l++) {
        jac.spectralNorms(l, l, B, iterations, rng, sigma, logSigma);
        for (let r = 0; r < B; r++) logProduct[r] += logSigma[r]!;
        const d = blocks[l]!.dense;
        layers.push({
          index: l,
          jacobianMean: mean(sigma),
          jacobianMax: max(sigma),
          weightSpectralNorm: weightNorm.measure(d.weight, d.outDim, d.inDim, warm[l]!, rng).sigma,
          weightNorm: norm2(d.weight),
        });
      }
      jac.spectralNorms(0, L - 1, B, iterations, rng, sigma, logSigma);
      let violations = 0;
      let boundSum = 0;
      let boundMax = 0;
      const slack = Math.log1p(BOUND_TOLERANCE);
      for (let r = 0; r < B; r++) {
        const bound = Math.exp(logProduct[r]!);
        boundSum += bound;
        boundMax = Math.max(boundMax, bound);
        // NOTE: compared in log space: both sides may under- or overflow as plain numbers at depth
        if (!(logSigma[r]! <= logProduct[r]! + slack || logSigma[r] === Number.NEGATIVE_INFINITY))
          violations++;
      }
      const sharpness = sharp.measure();
      const record: ProbeRecord = {
        step,
        batch: B,
        iterations,
        layers,
        endToEndMean: mean(sigma),
        endToEndMax: max(sigma),
        boundMean: boundSum / B,
        boundMax,
        boundHolds: violations === 0,
        boundViolations: violations,
        boundTolerance: BOUND_TOLERANCE,
        sharpness,
      };
      return t0 === undefined ? record : { ...record, ms: opts.clock!() - t0 };
    },
  };
}

/** NOTE: at most the max: B equal values (a linear net, measured exactly) can sum to a rounded-up mean */
function mean(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return Math.min(s / v.length, max(v));
}

function max(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, v[i]!);
  return m;
}
