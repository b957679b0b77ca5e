// The shapes of the settings: the resolved configuration, what a caller may pass, and one table entry.

import type { NormKind } from '../layers/optional.js';
import type { LossName } from '../losses.js';
import type { OptimizerName } from '../optim/optimizer.js';
import type { DType } from '../tensor.js';
import type { Rule } from './rules.js';
import type { FeatureName } from './table.js';

export interface TrainConfig {
  /** generator name (circle, xor, gauss, spiral, moons, sine), data set (fashion-mnist, mnist, iris) or a CSV path */
  readonly data: string;
  readonly samples: number;
  readonly noise: number;
  /** the seed of the data draw (points, split, subsets); null = `seed` */
  readonly dataSeed: number | null;
  readonly valSplit: number;
  readonly target: string | null;
  /** a seeded subset of this many training rows; null = all */
  readonly trainSize: number | null;
  /** a seeded subset of this many validation rows; null = all */
  readonly valSize: number | null;
  /** on: inputs to mean 0, std 1 per feature, with the training rows' statistics */
  readonly standardize: 'off' | 'on';
  /** the model's inputs computed from x₁, x₂ (src/core/data/features.ts); null = the input columns as given */
  readonly features: readonly FeatureName[] | null;
  readonly hidden: readonly number[];
  readonly activation: string;
  readonly init: string;
  /** a constant for every bias, or 'normal:<σ_b>' (N(0, σ_b²)) */
  readonly biasInit: number | string;
  /** null = chosen from the data: bce for 2 classes, ce for more, mse for regression */
  readonly loss: LossName | null;
  readonly dtype: DType;
  readonly batchSize: number | 'full';
  readonly steps: number | null;
  readonly epochs: number | null;
  readonly lr: number;
  readonly optimizer: OptimizerName;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly l2: number;
  readonly l1: number;
  readonly weightDecay: number;
  readonly clipNorm: number | null;
  readonly clipLayerNorm: number | null;
  readonly clipValue: number | null;
  readonly norm: NormKind;
  readonly residual: boolean;
  /** Dense layers in a residual branch: 1 = f(Wh + b), 2 = W₂ f(W₁h + b₁) + b₂ */
  readonly residualBranch: number;
  readonly residualScale: number | 'auto';
  readonly dropout: number;
  readonly seed: number;
  readonly logEvery: number;
  /** run the Jacobian probes every k steps (0 = only at init and at the end) */
  readonly probeEvery: number;
  /** `off`: no Jacobian probes at all */
  readonly probes: 'on' | 'off';
  /** at a NaN/Inf: stop with the last finite weights, or skip the step's update and go on */
  readonly onNonfinite: 'stop' | 'skip';
  /** GEMM threads: 1, 2, or 'auto' (chosen by the front end: resolveThreads); the numbers do not depend on it */
  readonly threads: number | 'auto';
}

/** Every setting: the config's keys, and depth/width (which resolve into hidden). */
export type SettingKey = keyof TrainConfig | 'depth' | 'width';

/** The value a setting holds once parsed (depth and width are integers). */
export type SettingValue<K extends SettingKey> = K extends keyof TrainConfig ? TrainConfig[K] : number;

export type ConfigInput = { [K in keyof TrainConfig]?: TrainConfig[K] | string } & {
  depth?: number | string;
  width?: number | string;
};

export type SettingGroup = 'data' | 'network' | 'training' | 'regularization' | 'clipping' | 'diagnostics';

export interface Setting<K extends SettingKey = SettingKey> {
  readonly key: K;
  /** always '--' + the key in kebab case */
  readonly flag: `--${string}`;
  /** the lab's short control name */
  readonly label: string;
  /** one line: `gradscope train --help` (without backticks) and the README's meaning column */
  readonly help: string;
  readonly group: SettingGroup;
  readonly default: SettingValue<K>;
  /** the README's default column ('' = none), e.g. 'off', '`tanh`' */
  readonly defaultText: string;
  readonly rule: Rule<SettingValue<K>>;
}
