// What the network view draws, measured in the worker through the core: every weight and its gradient,
// each hidden unit's state (dead: z ≤ 0 on every training row, the core's deadFraction mask; saturated:
// f'(z) below SATURATION_DERIVATIVE·max f' on at least SATURATED_FRACTION of the rows, the core's
// fractionBelow), and each unit's activation over a grid of the input plane. A network too large to draw
// unit by unit gets one summary per layer instead, from the step's own instruments.

import {
  FEATURE_LABELS,
  forEachPrediction,
  hasFeaturePlane,
  type LayerInstruments,
  plainBufferStats,
  SATURATED_FRACTION,
  SATURATION_DERIVATIVE,
} from '../../src/index.js';
import { fillGridPoint } from './boundary.js';
import type { NetworkSnapshot, UnitState } from './protocol.js';
import type { LabSession } from './session.js';

/** Drawn unit by unit up to this many Dense layers and this many units in a column. */
export const MAX_DRAWN_LAYERS = 9;
export const MAX_DRAWN_WIDTH = 16;
/** thumbnails are THUMB × THUMB cells of the input plane */
export const THUMB = 16;

const DEAD: UnitState = 1;
const SATURATED: UnitState = 2;

/** Whether the view draws every unit and link of this network (else one column per layer). */
export function drawsUnits(s: LabSession): boolean {
  const { blocks } = s.run.model;
  return (
    blocks.length <= MAX_DRAWN_LAYERS &&
    s.run.model.spec.inputDim <= MAX_DRAWN_WIDTH &&
    blocks.every(
      (b) => b.outDim <= MAX_DRAWN_WIDTH && b.layers.filter((l) => l.kind === 'dense').length === 1,
    )
  );
}

function inputLabels(s: LabSession): string[] {
  const f = s.config.features;
  if (f) return f.map((n) => FEATURE_LABELS[n]);
  return Array.from({ length: s.run.model.spec.inputDim }, (_, i) => `x${String.fromCharCode(0x2081 + i)}`);
}

export function networkSnapshot(s: LabSession): NetworkSnapshot {
  const { model } = s.run;
  const widths = [model.spec.inputDim, ...model.blocks.map((b) => b.outDim)];
  const base = { step: s.run.stepCount, widths, inputs: inputLabels(s) };
  const layers = s.latest()?.layers ?? [];
  if (!drawsUnits(s)) {
    const per = (pick: (l: (typeof layers)[number], fanIn: number, fanOut: number) => number): Float64Array =>
      Float64Array.from(model.blocks, (b, l) => {
        const inst = layers[l];
        return inst ? pick(inst, b.inDim, b.outDim) : Number.NaN;
      });
    return {
      ...base,
      kind: 'summary',
      // RMS |w| = ‖W_l‖_F / √(fan_out · fan_in), from the step's own instruments
      weightRms: per((i, I, O) => i.weightNorm / Math.sqrt(I * O)),
      gradNorm: per((i) => i.gradNorm),
      dead: per((i, _I, O) =>
        Number.isFinite(i.deadFraction) ? Math.round(i.deadFraction! * O) : Number.NaN,
      ),
      saturated: per((i, _I, O) =>
        Number.isFinite(i.saturatedFraction) ? Math.round(i.saturatedFraction! * O) : Number.NaN,
      ),
    };
  }
  const weights = model.blocks.map((b) => Float32Array.from(b.dense.weight));
  const grads = model.blocks.map((b) => Float32Array.from(b.dense.dWeight));
  const units = unitStates(s, layers);
  // the points' own columns (before --features): the thumbnails are drawn over their x₁, x₂ plane
  const thumbs = hasFeaturePlane(s.config.data, s.info.inputDim) ? thumbnails(s) : null;
  return { ...base, kind: 'units', weights, grads, units, thumbs };
}

/**
 * Per hidden unit: 0 ok, 1 dead, 2 saturated, over the training rows in eval mode. Which kind a layer
 * reports is the instruments' (deadFraction is measured for rectifiers, saturatedFraction for squashing
 * activations; the other is NaN).
 */
function unitStates(s: LabSession, layers: readonly LayerInstruments[]): Uint8Array[] {
  const { model } = s.run;
  const hidden = model.blocks.filter((b) => b.activation !== null);
  const out = hidden.map((b) => new Uint8Array(b.outDim));
  const kind = hidden.map((_, l) => {
    const inst = layers[l];
    if (inst && Number.isFinite(inst.deadFraction)) return 'dead';
    if (inst && Number.isFinite(inst.saturatedFraction)) return 'saturated';
    return 'none';
  });
  if (kind.every((k) => k === 'none')) return out;
  const train = s.data.train;
  const D = train.inputDim;
  const alive = hidden.map((b) => new Uint8Array(b.outDim));
  const below = hidden.map((b) => new Float64Array(b.outDim));
  const maxWidth = Math.max(...hidden.map((b) => b.outDim));
  const scratch = new Uint8Array(maxWidth);
  const column = new Float64Array(model.capacity);
  let chunkStart = -1;
  forEachPrediction(
    model,
    train.n,
    (input, row, i) => {
      for (let d = 0; d < D; d++) input[row * D + d] = train.x[i * D + d]!;
    },
    (_out, row, i) => {
      // once per chunk, after its forward: every row of the chunk is in the layers' buffers
      if (row !== 0) return;
      chunkStart = i;
      const B = Math.min(model.capacity, train.n - chunkStart);
      hidden.forEach((b, l) => {
        const act = b.activation!;
        const N = b.outDim;
        if (kind[l] === 'dead') {
          plainBufferStats.deadFraction(act.lastZ!, B, N, scratch);
          for (let j = 0; j < N; j++) alive[l]![j]! |= scratch[j]!;
        } else if (kind[l] === 'saturated') {
          const limit = SATURATION_DERIVATIVE * act.fn.maxDerivative;
          const d = act.derivative;
          for (let j = 0; j < N; j++) {
            for (let r = 0; r < B; r++) column[r] = d[r * N + j]!;
            below[l]![j]! += plainBufferStats.fractionBelow(column, B, limit) * B;
          }
        }
      });
    },
  );
  hidden.forEach((b, l) => {
    for (let j = 0; j < b.outDim; j++) {
      if (kind[l] === 'dead' && alive[l]![j] === 0) out[l]![j] = DEAD;
      if (kind[l] === 'saturated' && below[l]![j]! / train.n >= SATURATED_FRACTION) out[l]![j] = SATURATED;
    }
  });
  return out;
}

/** (units, THUMB·THUMB) each unit's output h_l over the plotted plane (row 0 at the top), all layers. */
function thumbnails(s: LabSession): Float32Array {
  const { model } = s.run;
  const features = s.config.features;
  const units = model.blocks.reduce((n, b) => n + b.outDim, 0);
  const cells = THUMB * THUMB;
  const out = new Float32Array(units * cells);
  forEachPrediction(
    model,
    cells,
    (input, row, i) => fillGridPoint(input, row, i, THUMB, s.extent, features),
    (_out, row, i) => {
      let u = 0;
      for (const b of model.blocks) {
        const h = b.lastOutput!;
        const N = b.outDim;
        for (let j = 0; j < N; j++) out[(u + j) * cells + i] = h[row * N + j]!;
        u += N;
      }
    },
  );
  return out;
}
