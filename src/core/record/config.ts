// `config` and `plan` of a run document. config is exactly what resolveConfig returns (the settings,
// defaults filled in; `loss` null when the data chooses it); plan is what the run derived from config
// and data once: the loss in use, the resolved batch size, the step count, the model size.

import { NORM_KINDS } from '../layers/optional.js';
import { LOSS_NAMES } from '../losses.js';
import { OPTIMIZER_NAMES } from '../optim/optimizer.js';
import { FEATURE_NAMES } from '../settings/table.js';
import { count, countOrNull, flag, number, numberOrNull, oneOf, text } from './measured.js';
import { z } from './zod.js';

/** resolveConfig's output; src/core/record/schema.test.ts pins its type to TrainConfig. */
export const TrainConfigSchema = z
  .strictObject({
    data: text,
    samples: count,
    noise: number,
    // NOTE: a default, so a document written before this setting existed still reads (as the seed)
    dataSeed: countOrNull.default(null),
    valSplit: number,
    target: z.string({ error: 'a string or null' }).nullable(),
    // NOTE: defaults, so a document written before these settings existed still reads
    trainSize: countOrNull.default(null),
    valSize: countOrNull.default(null),
    standardize: oneOf(['off', 'on']).default('off'),
    features: z
      .array(oneOf(FEATURE_NAMES), { error: 'an array of feature names or null' })
      .nullable()
      .default(null),
    hidden: z.array(count, { error: 'an array of layer widths' }),
    activation: text,
    init: text,
    biasInit: z.union([number, text], { error: 'a number or "normal:<σ_b>"' }),
    loss: z.enum(LOSS_NAMES, { error: `one of ${LOSS_NAMES.join(', ')}, or null` }).nullable(),
    dtype: oneOf(['float32', 'float64']),
    batchSize: z.union([z.int().min(1), z.literal('full')], { error: 'an integer ≥ 1 or "full"' }),
    steps: countOrNull,
    epochs: countOrNull,
    lr: number,
    optimizer: oneOf(OPTIMIZER_NAMES),
    momentum: number,
    beta1: number,
    beta2: number,
    eps: number,
    l2: number,
    l1: number,
    weightDecay: number,
    clipNorm: numberOrNull,
    clipLayerNorm: numberOrNull,
    clipValue: numberOrNull,
    norm: oneOf(NORM_KINDS),
    residual: flag,
    // NOTE: a default, so a document written before this setting existed still reads (as 1)
    residualBranch: count.default(1),
    residualScale: z.union([number, z.literal('auto')], { error: 'a number or "auto"' }),
    dropout: number,
    seed: count,
    logEvery: count,
    probeEvery: count,
    // NOTE: a default, so a document written before this setting existed still reads (as `on`)
    probes: oneOf(['on', 'off']).default('on'),
    // NOTE: a default, so a document written before this setting existed still reads (as `stop`)
    onNonfinite: oneOf(['stop', 'skip']).default('stop'),
    // NOTE: a default, so a document written before this setting existed still reads (as 1)
    threads: z.union([count, z.literal('auto')], { error: 'an integer ≥ 1 or "auto"' }).default(1),
  })
  .meta({ id: 'TrainConfig', description: 'the resolved training configuration' });

export const PlanSchema = z
  .strictObject({
    /** the loss in use (config.loss, or the one the data chose) */
    loss: oneOf(LOSS_NAMES),
    /** output units: 1 for bce and single-target mse, the class count for ce */
    outputDim: count,
    /** examples per update (config.batchSize resolved against the training set) */
    batchSize: count,
    /** rows the model's buffers hold */
    capacity: count,
    /** updates the run was to apply */
    totalSteps: count,
    batchesPerEpoch: count,
    /** trainable parameters */
    parameters: count,
  })
  .meta({ id: 'Plan', description: 'what the run derived from config and data, once' });
