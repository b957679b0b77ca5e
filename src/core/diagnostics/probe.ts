// The scheduled Jacobian probe: per-block ‖D_l‖₂ (mean and max over a probe batch) beside ‖W_l‖₂, the
// end-to-end ‖∂logits/∂x‖₂, the notes' bound ‖J‖ ≤ Π_l ‖D_l‖ per example, and boundary sharpness.
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
import { spectralNorm } from './power.js';
import { createSharpnessMeter } from './sharpness.js';
import { BOUND_TOLERANCE, PROBE_BATCH, PROBE_ITERATIONS } from './thresholds.js';

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
  const maxDim = Math.max(...blocks.map((b) => b.inDim + b.outDim));
  const scratch = new Float64Array(maxDim);

  const loadProbeBatch = (): void => {
    for (let i = 0; i < B * D; i++) model.input[i] = train.x[i]!;
    model.forward(B, 'eval');
  };

  return {
    rng,
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
          weightSpectralNorm: spectralNorm(d.weight, d.outDim, d.inDim, rng, { iterations: 300 }, scratch),
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

function mean(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s / v.length;
}

function max(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, v[i]!);
  return m;
}
