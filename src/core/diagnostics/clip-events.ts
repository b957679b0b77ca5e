// Clipping events over a run, counted every step from the trainer's ClipResult (no extra pass).

import type { ClipResult } from '../optim/clip.js';
import type { ClipSummary as RecordClipSummary } from '../record/events.js';

export type ClipSummary = RecordClipSummary;

export interface ClipCounter {
  add(step: number, clip: ClipResult): void;
  read(): ClipSummary;
  /** continue counting from a summary read() gave (a resumed run) */
  restore(summary: ClipSummary): void;
}

export function createClipCounter(): ClipCounter {
  let clippedSteps = 0;
  let steps = 0;
  let firstClippedStep: number | null = null;
  let maxPreNorm = 0;
  return {
    add(step, clip) {
      steps++;
      if (clip.clipped) {
        clippedSteps++;
        firstClippedStep ??= step;
      }
      // NOTE: Math.max propagates NaN; a non-finite gradient is the non-finite watch's business
      if (clip.preNorm > maxPreNorm) maxPreNorm = clip.preNorm;
    },
    read: () => ({
      clippedSteps,
      steps,
      fraction: steps === 0 ? 0 : clippedSteps / steps,
      firstClippedStep,
      maxPreNorm,
    }),
    restore(s) {
      ({ clippedSteps, steps, firstClippedStep, maxPreNorm } = s);
    },
  };
}
