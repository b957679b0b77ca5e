// `diagnosis`: the verdict engine's findings as data (src/core/diagnostics makes them).

import { FixSchema } from './fix.js';
import { count, measured, oneOf, text } from './measured.js';
import type { Data } from './readonly.js';
import { z } from './zod.js';

/** Report order: the first finding is the one to fix first. */
export const FINDING_CODES = [
  'non-finite',
  'exploding',
  'vanishing',
  'dead-relu',
  'saturated',
  'no-generalization',
  'overfitting',
  'underfitting',
] as const;

export const VANISHING_CAUSES = ['small-derivative', 'saturation', 'dead-units', 'small-weights'] as const;

export const FindingCodeSchema = oneOf(FINDING_CODES);

/** The measured numbers behind a finding, by name; a list of numbers may hold null (non-finite). */
export const EvidenceSchema = z.record(
  z.string(),
  z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(measured)], {
    error: 'a number, string, boolean, null or an array of numbers',
  }),
);

export const FindingSchema = z
  .strictObject({
    code: FindingCodeSchema,
    /** Dense layer indices involved (empty when the finding is about the whole run) */
    layers: z.array(count),
    /** vanishing only */
    cause: oneOf(VANISHING_CAUSES).exactOptional(),
    evidence: EvidenceSchema,
    /** one sentence in the notes' terms */
    explanation: text,
    /** the fixes in gradscope's flag words */
    suggestion: text,
    /** the same fixes as data */
    fixes: z.array(FixSchema),
  })
  .meta({ id: 'Finding', description: 'one diagnosed problem' });

export const DiagnosisSchema = z
  .strictObject({
    /** 'healthy', or the finding codes in report order */
    verdict: z.union([z.literal('healthy'), z.array(FindingCodeSchema)], {
      error: '"healthy" or an array of finding codes',
    }),
    findings: z.array(FindingSchema),
    /** facts about the run itself, not findings: incomplete, interrupted, weights rolled back */
    notes: z.array(text).exactOptional(),
  })
  .meta({ id: 'Diagnosis', description: 'the verdict and its findings' });

export type FindingCode = (typeof FINDING_CODES)[number];
export type VanishingCause = (typeof VANISHING_CAUSES)[number];
export type Evidence = Data<typeof EvidenceSchema>;
export type Finding = Data<typeof FindingSchema>;
export type Diagnosis = Data<typeof DiagnosisSchema>;
