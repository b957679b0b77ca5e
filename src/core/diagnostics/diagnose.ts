// The verdict engine: every rule reads the run document and returns at most one finding. No finding
// means `healthy`. It works the same on a live TrainResult and on a saved run read back from disk.

import { NonFiniteError } from '../errors.js';
import { byCause } from './cause.js';
import type { Diagnosis, Finding } from './finding.js';
import { noGeneralizationFinding, overfittingFinding, underfittingFinding } from './fit.js';
import { explodingFinding, vanishingFinding } from './flow.js';
import type { NonFiniteEvent } from './non-finite.js';
import { CLIP, offer } from './offer.js';
import { parseRunDocument, type RunDocument } from './run-document.js';
import { deadReluFinding, saturatedFinding } from './units.js';

function nonFiniteFinding(doc: RunDocument): Finding | null {
  const e = doc.nonFinite;
  if (!e) return null;
  const c = doc.config;
  const clipping = c.clipNorm !== null && c.clipNorm !== undefined;
  return {
    code: 'non-finite',
    layers: [e.layer],
    evidence: { step: e.step, tensor: e.tensor, layer: e.layer, phase: e.phase, lr: c.lr },
    explanation: `A NaN/Inf first appeared in ${e.tensor} (layer ${e.layer}, ${e.phase}) at step ${e.step}: a value overflowed the float range, and from then on every forward and backward pass is NaN.`,
    ...offer(doc, [
      { scale: 'lr', by: 0.1, reason: 'smaller steps keep the values in the float range' },
      ...(clipping ? [] : [CLIP]),
    ]),
  };
}

const RULES: readonly ((doc: RunDocument) => Finding | null)[] = [
  nonFiniteFinding,
  explodingFinding,
  vanishingFinding,
  deadReluFinding,
  saturatedFinding,
  noGeneralizationFinding,
  overfittingFinding,
  underfittingFinding,
];

/** Facts about the run that are not findings: what a reader noticed, an interruption, a rollback. */
function runNotes(doc: RunDocument): string[] {
  const notes = [...(doc.notes ?? [])];
  if (doc.interrupted)
    notes.push(
      `interrupted at step ${doc.steps}: a checkpoint was written; gradscope train --resume DIR continues the run`,
    );
  if (doc.nonFinite && doc.weightsStep !== undefined && doc.weightsStep !== doc.steps)
    notes.push(
      `the saved weights are from step ${doc.weightsStep}, the last finite state (the NaN/Inf appeared at step ${doc.nonFinite.step})`,
    );
  if (doc.skippedSteps) notes.push(`${doc.skippedSteps} steps skipped: their update produced a NaN/Inf`);
  return notes;
}

export function diagnose(doc: RunDocument): Diagnosis {
  const findings = byCause(RULES.map((rule) => rule(doc)).filter((f): f is Finding => f !== null));
  const notes = runNotes(doc);
  return {
    verdict: findings.length === 0 ? 'healthy' : findings.map((f) => f.code),
    findings,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** Diagnose a parsed `train --json` document or summary.json (`source` names it in errors). */
export function diagnoseRun(json: unknown, source = 'run document'): Diagnosis {
  return diagnose(parseRunDocument(json, source));
}

/** The error the CLI reports (exit 3) when a run stopped on a NaN/Inf. */
export function nonFiniteError(event: NonFiniteEvent): NonFiniteError {
  return new NonFiniteError(event.tensor, event.layer, event.step);
}
