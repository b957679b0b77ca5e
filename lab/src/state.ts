// The lab's settings as plain data: what the controls show, what the URL holds, and the one function
// that turns them into a core ConfigInput. Validation is the core's resolveConfig plus the lab's ranges.

import { ACTIVATION_NAMES } from '../../src/core/activations.js';
import { type ConfigInput, parseNumber, resolveConfig, type TrainConfig } from '../../src/core/config.js';
import { GENERATORS } from '../../src/core/data/generators.js';
import { isCsvSource } from '../../src/core/data/prepare.js';
import { UsageError } from '../../src/core/errors.js';
import { NORM_KINDS } from '../../src/core/layers/optional.js';
import { LOSS_NAMES } from '../../src/core/losses.js';
import { OPTIMIZER_NAMES } from '../../src/core/optim/optimizer.js';

export const GENERATOR_NAMES = Object.keys(GENERATORS);
export const BATCH_MODES = ['batch', 'sgd', 'minibatch'] as const;
export type BatchMode = (typeof BATCH_MODES)[number];

export interface LabState {
  /** a generator name, or the name of an uploaded .csv file */
  readonly data: string;
  readonly samples: number;
  readonly noise: number;
  /** percent of the data used for training; the rest is validation */
  readonly trainPct: number;
  readonly depth: number;
  readonly width: number;
  readonly activation: string;
  readonly init: string;
  /** 'auto' = chosen from the data */
  readonly loss: string;
  readonly optimizer: string;
  readonly lr: number;
  readonly batchMode: BatchMode;
  readonly batchSize: number;
  readonly l1: number;
  readonly l2: number;
  readonly weightDecay: number;
  readonly dropout: number;
  /** 0 = no clipping */
  readonly clipNorm: number;
  readonly norm: string;
  readonly residual: boolean;
  /** 0 = 'auto' (1/√L) */
  readonly residualScale: number;
  readonly seed: number;
}

export type StateKey = keyof LabState;

export const DEFAULT_STATE: LabState = {
  data: 'circle',
  samples: 400,
  noise: 0.1,
  trainPct: 80,
  depth: 2,
  width: 8,
  activation: 'tanh',
  init: 'xavier-normal',
  loss: 'auto',
  optimizer: 'sgd',
  lr: 0.1,
  batchMode: 'minibatch',
  batchSize: 32,
  l1: 0,
  l2: 0,
  weightDecay: 0,
  dropout: 0,
  clipNorm: 0,
  norm: 'none',
  residual: false,
  residualScale: 1,
  seed: 1,
};

export const STATE_KEYS = Object.keys(DEFAULT_STATE) as StateKey[];

/** How often (in steps) the run records a history entry, a heatmap column and a curve point. */
export const LAB_LOG_EVERY = 10;

interface NumberField {
  readonly min?: number;
  readonly max?: number;
  readonly above?: number;
  readonly below?: number;
  readonly integer?: boolean;
}

/** The lab's ranges (tighter than the CLI's where the issue says so: depth 1–100, width 1–256). */
export const NUMBER_FIELDS: Readonly<Partial<Record<StateKey, NumberField>>> = {
  samples: { integer: true, min: 10, max: 5000 },
  noise: { min: 0, max: 1 },
  trainPct: { integer: true, min: 1, max: 100 },
  depth: { integer: true, min: 1, max: 100 },
  width: { integer: true, min: 1, max: 256 },
  lr: { above: 0, max: 100 },
  batchSize: { integer: true, min: 1, max: 5000 },
  l1: { min: 0 },
  l2: { min: 0 },
  weightDecay: { min: 0 },
  dropout: { min: 0, below: 1 },
  clipNorm: { min: 0 },
  residualScale: { min: 0 },
  seed: { integer: true, min: 0, max: 2 ** 31 - 1 },
};

export const CHOICES: Readonly<Partial<Record<StateKey, readonly string[]>>> = {
  activation: ACTIVATION_NAMES,
  loss: ['auto', ...LOSS_NAMES],
  optimizer: OPTIMIZER_NAMES,
  batchMode: BATCH_MODES,
  norm: NORM_KINDS,
};

/** The core configuration of a lab state. */
export function toConfigInput(s: LabState): ConfigInput {
  return {
    data: s.data,
    samples: s.samples,
    noise: s.noise,
    valSplit: Math.round(100 - s.trainPct) / 100,
    depth: s.depth,
    width: s.width,
    activation: s.activation,
    init: s.init,
    ...(s.loss === 'auto' ? {} : { loss: s.loss }),
    optimizer: s.optimizer,
    lr: s.lr,
    batchSize: s.batchMode === 'batch' ? 'full' : s.batchMode === 'sgd' ? 1 : s.batchSize,
    l1: s.l1,
    l2: s.l2,
    weightDecay: s.weightDecay,
    dropout: s.dropout,
    clipNorm: s.clipNorm > 0 ? s.clipNorm : null,
    norm: s.norm,
    residual: s.residual,
    residualScale: s.residualScale > 0 ? s.residualScale : 'auto',
    seed: s.seed,
    logEvery: LAB_LOG_EVERY,
  } as ConfigInput;
}

/**
 * Parse raw text values (from the URL or the form) over a base state. Throws UsageError naming the
 * setting, what it expected and what it got; on success the result has passed resolveConfig.
 */
export function parseState(raw: Readonly<Record<string, string>>, base: LabState = DEFAULT_STATE): LabState {
  const out: Record<string, unknown> = { ...base };
  for (const [key, text] of Object.entries(raw)) {
    if (!(STATE_KEYS as string[]).includes(key)) {
      throw new UsageError(`setting "${key}"`, `one of ${STATE_KEYS.join(', ')}`, key);
    }
    const k = key as StateKey;
    const rule = NUMBER_FIELDS[k];
    const choices = CHOICES[k];
    if (rule) out[k] = parseNumber(k, text, rule);
    else if (k === 'residual') {
      if (text !== 'true' && text !== 'false') throw new UsageError(k, 'true or false', text);
      out[k] = text === 'true';
    } else if (k === 'data') {
      if (!GENERATOR_NAMES.includes(text) && !isCsvSource(text)) {
        throw new UsageError(k, `one of ${GENERATOR_NAMES.join(', ')} or an uploaded .csv`, text);
      }
      out[k] = text;
    } else if (choices && k !== 'activation') {
      if (!choices.includes(text)) throw new UsageError(k, `one of ${choices.join(', ')}`, text);
      out[k] = text;
    } else out[k] = text;
  }
  const state = out as unknown as LabState;
  checkState(state);
  return state;
}

/** Validate a whole state through the core (activation and init specs, cross-field rules). */
export function checkState(s: LabState): TrainConfig {
  return resolveConfig(toConfigInput(s));
}

export function stateToRecord(s: LabState): Record<StateKey, string> {
  return Object.fromEntries(STATE_KEYS.map((k) => [k, String(s[k])])) as Record<StateKey, string>;
}

export function sameState(a: LabState, b: LabState): boolean {
  return STATE_KEYS.every((k) => a[k] === b[k]);
}
