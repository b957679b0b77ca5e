// The run document, version 1: what `train --json` prints and `train --out DIR` saves as summary.json.
// One schema; the TS types are what it parses into. Objects are strict: a key version 1 does not
// define is refused and named, so a foreign or hand-edited file fails at the field, not deep in a
// rule. Adding a field is a new version, which is what `version` is for.
// A partial document is what config.json + metrics.jsonl tell without summary.json: the same parts,
// with the layers as far as the last logged step tells them, and no probes, events or diagnosis.

import { PlanSchema, TrainConfigSchema } from './config.js';
import { checkLayerCounts } from './consistency.js';
import { HistoryDigestSchema } from './digest.js';
import { ClipSummarySchema, NonFiniteEventSchema } from './events.js';
import { DiagnosisSchema } from './finding.js';
import { EvaluationSchema, HistoryEntrySchema } from './history.js';
import { LayerReportSchema, PartialLayerReportSchema } from './layer.js';
import { count, flag, measured, measuredOrNull, text } from './measured.js';
import { ProbeRecordSchema } from './probe.js';
import type { Data, DeepReadonly } from './readonly.js';
import { type input, type output, z } from './zod.js';

export const RUN_FORMAT_VERSION = 1;

export const VersionSchema = z.literal(RUN_FORMAT_VERSION, {
  error: `${RUN_FORMAT_VERSION} (the run-document format this gradscope reads)`,
});

export const FinalSchema = z
  .strictObject({
    train: EvaluationSchema.extend({
      /** ½λΣ‖W‖² (+ λ₁‖W‖₁) at the final weights */
      penalty: measured,
      /** loss + penalty: the regularized objective */
      objective: measured,
    }),
    val: EvaluationSchema.exactOptional(),
  })
  .meta({ id: 'Final', description: 'the final weights evaluated in eval mode' });

/** chance on a held-out set (diagnostics/baseline.ts, heldOutBaseline) */
const HeldOutBaselineSchema = z.strictObject({
  /** examples in the set */
  n: count,
  /** classification: the set's majority-class frequency (the accuracy of always predicting it); null for mse */
  chanceAccuracy: measuredOrNull,
  /** the loss on the set of the training set's constant predictor */
  constantLoss: measured,
});

const history = z.array(HistoryEntrySchema).min(1, { error: 'at least one logged step' });

const shape = {
  version: VersionSchema,
  config: TrainConfigSchema,
  plan: PlanSchema,
  /** updates applied */
  steps: count,
  final: FinalSchema,
  /** per Dense layer at the last step */
  layers: z.array(LayerReportSchema),
  history,
  /** Jacobian probes: at init (step 0), every probeEvery steps, at the end; [] when probes are off */
  probes: z.array(ProbeRecordSchema),
  /** the first NaN/Inf (the run stopped there unless told not to); null when none or not watched */
  nonFinite: NonFiniteEventSchema.nullable(),
  clipping: ClipSummarySchema,
  /** the loss of the best constant prediction on the training set; the training examples and chance on
   * the validation set (optional: a document written before they were recorded has neither) */
  baseline: z.strictObject({
    constantLoss: measured,
    n: count.exactOptional(),
    val: HeldOutBaselineSchema.exactOptional(),
  }),
  diagnosis: DiagnosisSchema,
  /** with a NaN/Inf: the update count of the weights final, layers' weights and model.safetensors
   * hold (the last finite state; the NaN state is never saved) */
  weightsStep: count.exactOptional(),
  /** --on-nonfinite skip: steps whose update was dropped because it produced a NaN/Inf */
  skippedSteps: count.exactOptional(),
  /** true when the run was stopped by a signal (SIGINT, SIGTERM) before its last step */
  interrupted: flag.exactOptional(),
  /** present when history was thinned: the fit rules' quantities over every logged step */
  digest: HistoryDigestSchema.exactOptional(),
};

export const RunDocumentSchema = z
  .strictObject(shape)
  .superRefine(checkLayerCounts)
  .meta({ id: 'RunDocument', description: 'a gradscope training run, format version 1' });

export const PartialRunDocumentSchema = z
  .strictObject({
    ...shape,
    layers: z.array(PartialLayerReportSchema),
    probes: shape.probes.exactOptional(),
    nonFinite: shape.nonFinite.exactOptional(),
    clipping: shape.clipping.exactOptional(),
    baseline: shape.baseline.exactOptional(),
    diagnosis: shape.diagnosis.exactOptional(),
    /** what the reader noticed: an incomplete run, a torn last line of metrics.jsonl */
    notes: z.array(text).exactOptional(),
  })
  .superRefine(checkLayerCounts)
  .meta({ id: 'PartialRunDocument', description: 'a run as config.json and metrics.jsonl tell it' });

/** DIR/config.json: what the run was told and what it derived, written before the first step. */
export const RunConfigFileSchema = z
  .strictObject({ version: VersionSchema, config: TrainConfigSchema, plan: PlanSchema })
  .meta({ id: 'RunConfigFile', description: 'config.json of a saved run' });

export type RunDocument = Data<typeof RunDocumentSchema>;
export type PartialRunDocument = Data<typeof PartialRunDocumentSchema>;
export type RunConfigFile = Data<typeof RunConfigFileSchema>;
export type Final = Data<typeof FinalSchema>;
/** A run document as JSON holds it (null for non-finite numbers): what a writer in another language emits. */
export type RunDocumentJson = input<typeof RunDocumentSchema>;

/**
 * What the verdict engine reads: a full or a partial document, its diagnosis aside (that is what it
 * computes), and its version and plan aside too, so a run's result can be diagnosed before it is
 * stamped as a document.
 */
export type RunView = DeepReadonly<
  Omit<output<typeof PartialRunDocumentSchema>, 'version' | 'plan' | 'diagnosis'>
>;
