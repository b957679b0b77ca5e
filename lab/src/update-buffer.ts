// What the worker collects between two updates: the new curve points and heatmap columns, and the
// latest per-layer values. take() hands them over as fresh typed arrays (to be transferred) and clears.

import type { Boundary, Diagnosis, NetworkSnapshot, RunUpdate } from './protocol.js';
import type { LabSession, LoggedStep } from './session.js';

export interface UpdateBuffer {
  record(s: LabSession, logged: LoggedStep | null): void;
  take(
    s: LabSession,
    extra: {
      runId: number;
      playing: boolean;
      limit: number | null;
      stepsPerSec: number;
      at: number;
      diagnosis: Diagnosis | null;
      boundary: Boundary | null;
      network?: NetworkSnapshot | null;
    },
  ): RunUpdate;
}

const orNaN = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);

export function createUpdateBuffer(L: number): UpdateBuffer {
  const steps: number[] = [];
  const trainLoss: number[] = [];
  const valLoss: number[] = [];
  const trainAcc: number[] = [];
  const valAcc: number[] = [];
  const batchLoss: number[] = [];
  const heat: number[] = []; // (k, L)
  const signal: number[] = []; // (k, L)
  let stepsSince = 0;
  let clippedSince = 0;
  /** the share of the last interval that had steps (a paused run keeps showing it) */
  let share = 0;

  return {
    record(s, logged) {
      stepsSince++;
      if (s.last?.clip.clipped) clippedSince++;
      if (!logged) return;
      steps.push(logged.step);
      trainLoss.push(logged.train.loss);
      valLoss.push(orNaN(logged.val?.loss));
      trainAcc.push(orNaN(logged.train.accuracy));
      valAcc.push(orNaN(logged.val?.accuracy));
      batchLoss.push(orNaN(logged.loss));
      for (let l = 0; l < L; l++) heat.push(logged.layers[l]?.gradNorm ?? Number.NaN);
      for (let l = 0; l < L; l++) signal.push(orNaN(logged.layers[l]?.signalGradNorm));
    },
    take(s, extra) {
      const latest = s.latest();
      const per = (pick: (l: NonNullable<typeof latest>['layers'][number]) => number | null): Float64Array =>
        Float64Array.from({ length: L }, (_, l) => {
          const layer = latest?.layers[l];
          return layer ? orNaN(pick(layer)) : Number.NaN;
        });
      const last = s.last;
      if (stepsSince > 0) share = clippedSince / stepsSince;
      const snap: RunUpdate = {
        runId: extra.runId,
        step: s.run.stepCount,
        limit: extra.limit,
        atLimit: extra.limit !== null && s.run.stepCount >= extra.limit,
        latest: latest
          ? {
              step: latest.step,
              trainLoss: latest.train.loss,
              valLoss: orNaN(latest.val?.loss),
              trainAcc: orNaN(latest.train.accuracy),
              valAcc: orNaN(latest.val?.accuracy),
            }
          : null,
        epoch: last?.epoch ?? 0,
        playing: extra.playing,
        stepsPerSec: extra.stepsPerSec,
        at: extra.at,
        curve: {
          step: Float64Array.from(steps),
          trainLoss: Float64Array.from(trainLoss),
          valLoss: Float64Array.from(valLoss),
          trainAcc: Float64Array.from(trainAcc),
          valAcc: Float64Array.from(valAcc),
          batchLoss: Float64Array.from(batchLoss),
        },
        heat: {
          step: Float64Array.from(steps),
          gradNorm: Float64Array.from(heat),
          signal: Float64Array.from(signal),
        },
        probeStep: s.run.lastProbe?.step ?? null,
        layers: {
          gradNorm: per((l) => l.gradNorm),
          signalRatio: per((l) => l.signalRatio),
          jacobianNorm: s.jacobianNorms(),
          deadFraction: per((l) => l.deadFraction),
          saturatedFraction: per((l) => l.saturatedFraction),
        },
        clip: {
          enabled: s.config.clipNorm !== null,
          preNorm: last?.clip.preNorm ?? Number.NaN,
          postNorm: last?.clip.postNorm ?? Number.NaN,
          clippedShare: share,
          clippedTotal: s.run.clippedSteps,
        },
        diagnosis: extra.diagnosis,
        boundary: extra.boundary,
        network: extra.network ?? null,
      };
      for (const a of [steps, trainLoss, valLoss, trainAcc, valAcc, batchLoss, heat, signal]) a.length = 0;
      stepsSince = 0;
      clippedSince = 0;
      return snap;
    },
  };
}
