// `underfitting`, the notes' last heading: train and validation loss against capacity, from a linear
// model (--depth 0) through widths 1…256, on spiral and on a small Fashion-MNIST train set. Low
// capacity: both losses high (bias). High capacity on few samples: the gap opens (variance). Then the
// budget (the right-sized net stopped early is underfit, and the verdict says "train longer"), the
// decision boundaries of a too-small and a right-sized net, and λ (the overfitting experiment's right).

import type { ConfigInput } from '../config.js';
import type { FindingCode } from '../diagnostics/finding.js';
import type { TrainResult } from '../train/run.js';
import { runTraining } from '../train/run.js';
import { boundaryField } from './boundary.js';
import { experimentTrainer, progress } from './setup.js';
import type { ExperimentOptions, ExperimentResult, FieldChart, LineChart, Table } from './types.js';

export type Fit = 'underfitting' | 'healthy' | 'overfitting';

export interface CapacityPoint {
  /** 'linear' (no hidden layer) or the hidden widths, e.g. '16,16' */
  readonly net: string;
  readonly parameters: number;
  readonly steps: number;
  readonly trainLoss: number;
  readonly valLoss: number;
  readonly trainAccuracy: number | null;
  readonly valAccuracy: number | null;
  readonly verdict: 'healthy' | readonly FindingCode[];
  readonly fit: Fit;
  /** the underfitting or overfitting finding's fixes, in CLI words; '' when healthy */
  readonly fix: string;
}

export interface Sweep {
  readonly data: string;
  readonly title: string;
  readonly points: readonly CapacityPoint[];
}

export interface UnderfittingData {
  readonly sweeps: readonly Sweep[];
  /** the right-sized spiral net with the full budget, and the same net stopped early */
  readonly budget: {
    readonly full: CapacityPoint;
    readonly early: CapacityPoint;
    readonly small: CapacityPoint;
  };
  /** why a sweep was left out (no loader for Fashion-MNIST, say) */
  readonly skipped: readonly string[];
}

/** Spiral with 100 training points (few: the gap opens at high capacity) and 300 validation points. */
const SPIRAL_FEW: ConfigInput = {
  data: 'spiral',
  samples: 400,
  valSplit: 0.75,
  activation: 'relu',
  init: 'he-normal',
  optimizer: 'adam',
  lr: 0.01,
  batchSize: 'full',
  logEvery: 10,
};
/** …and with 500 training and 500 validation points, where the right-sized net is healthy. */
const SPIRAL_MORE: ConfigInput = { ...SPIRAL_FEW, samples: 1000, valSplit: 0.5 };
const SPIRAL_STEPS = 400;
export const SPIRAL_NETS = [
  'linear',
  '1,1',
  '2,2',
  '4,4',
  '8,8',
  '16,16',
  '32,32',
  '64,64',
  '256,256',
] as const;
/** the right-sized spiral net (on 500 points), a too-small one, and how early the early one stops */
export const RIGHT_SIZED = '32,32';
export const TOO_SMALL = '2,2';
export const EARLY_STEPS = 100;

/** Fashion-MNIST: 500 training images (few), 1,000 validation images, one hidden layer of width w. */
const FASHION: ConfigInput = {
  data: 'fashion-mnist',
  trainSize: 500,
  valSize: 1000,
  activation: 'relu',
  init: 'he-normal',
  optimizer: 'adam',
  lr: 0.001,
  batchSize: 100,
  logEvery: 25,
};
const FASHION_STEPS = 300;
export const FASHION_NETS = ['linear', '1', '4', '16', '64', '256'] as const;

const netInput = (net: string): ConfigInput => (net === 'linear' ? { depth: 0 } : { hidden: net });

function fitOf(verdict: CapacityPoint['verdict']): Fit {
  if (verdict === 'healthy') return 'healthy';
  if (verdict.includes('overfitting')) return 'overfitting';
  return verdict.includes('underfitting') ? 'underfitting' : 'healthy';
}

function pointOf(net: string, r: TrainResult): CapacityPoint {
  const { train, val } = r.final;
  const verdict = r.diagnosis.verdict;
  const fit = fitOf(verdict);
  const finding = r.diagnosis.findings.find((f) => f.code === fit);
  return {
    net,
    parameters: r.plan.parameters,
    steps: r.steps,
    trainLoss: train.loss,
    valLoss: val?.loss ?? Number.NaN,
    trainAccuracy: train.accuracy ?? null,
    valAccuracy: val?.accuracy ?? null,
    verdict,
    fit,
    fix: finding?.suggestion ?? '',
  };
}

async function runNet(
  base: ConfigInput,
  net: string,
  steps: number,
  opts: ExperimentOptions,
  field?: string,
): Promise<{ point: CapacityPoint; field: FieldChart | null }> {
  const trainer = await experimentTrainer({ ...base, ...netInput(net), steps, seed: opts.seed }, opts);
  const result = runTraining(trainer);
  const picture = field ? boundaryField(trainer, trainer.data.train, 48, field) : null;
  return { point: pointOf(net, result), field: picture };
}

const sweepTable = (s: Sweep): Table => ({
  title: s.title,
  columns: [
    'net',
    'parameters',
    'train loss',
    'val loss',
    'gap',
    'train acc',
    'val acc',
    'diagnosis',
    'fit',
    'try',
  ],
  rows: s.points.map((p) => [
    p.net,
    p.parameters,
    p.trainLoss,
    p.valLoss,
    p.valLoss - p.trainLoss,
    p.trainAccuracy,
    p.valAccuracy,
    p.verdict === 'healthy' ? 'healthy' : p.verdict.join(', '),
    p.fit,
    p.fix,
  ]),
  note: 'net: `linear` is --depth 0 (one Dense layer, input → output), else the hidden widths; gap = val loss − train loss; diagnosis: the diagnostics module’s verdict on the run; try: its fixes for the fit finding.',
});

const sweepChart = (s: Sweep): LineChart => ({
  kind: 'line',
  title: `${s.data}: loss against capacity (parameters)`,
  xLabel: 'parameters',
  yLabel: 'loss',
  xLog: true,
  yLog: true,
  x: s.points.map((p) => p.parameters),
  series: [
    { label: 'train', y: s.points.map((p) => p.trainLoss) },
    { label: 'validation', y: s.points.map((p) => p.valLoss) },
  ],
});

export async function runUnderfitting(opts: ExperimentOptions): Promise<ExperimentResult<UnderfittingData>> {
  const withFashion = opts.load !== undefined;
  const total = SPIRAL_NETS.length + 3 + (withFashion ? FASHION_NETS.length : 0);
  let done = 0;
  const tick = (label: string) => progress(opts, ++done, total, `underfitting: ${label}`);
  const spiral: CapacityPoint[] = [];
  for (const net of SPIRAL_NETS) {
    spiral.push((await runNet(SPIRAL_FEW, net, SPIRAL_STEPS, opts)).point);
    tick(`spiral ${net}`);
  }
  const picture = (tag: string, net: string) =>
    `Decision boundary, ${tag} net ${net} on 500 spiral points: P(class 1) and the training points`;
  const small = await runNet(SPIRAL_MORE, TOO_SMALL, SPIRAL_STEPS, opts, picture('too small', TOO_SMALL));
  const right = await runNet(
    SPIRAL_MORE,
    RIGHT_SIZED,
    SPIRAL_STEPS,
    opts,
    picture('right-sized', RIGHT_SIZED),
  );
  const early = (await runNet(SPIRAL_MORE, RIGHT_SIZED, EARLY_STEPS, opts)).point;
  done += 2;
  tick(`spiral ${RIGHT_SIZED}, ${EARLY_STEPS} steps`);
  const full = right.point;
  const fields = [small.field!, right.field!];
  const sweeps: Sweep[] = [
    {
      data: 'spiral',
      title: `spiral, 100 train / 300 validation points, ReLU + He, Adam lr 0.01, ${SPIRAL_STEPS} full-batch steps`,
      points: spiral,
    },
  ];
  const skipped: string[] = [];
  if (withFashion) {
    const points: CapacityPoint[] = [];
    for (const net of FASHION_NETS) {
      points.push((await runNet(FASHION, net, FASHION_STEPS, opts)).point);
      tick(`fashion-mnist ${net}`);
    }
    sweeps.push({
      data: 'fashion-mnist',
      title: `fashion-mnist, 500 train / 1,000 validation images, one ReLU hidden layer of width w, Adam lr 0.001, batch 100, ${FASHION_STEPS} steps`,
      points,
    });
  } else {
    skipped.push('fashion-mnist: no data-set loader was given (the CLI passes one)');
  }
  const budget: Table = {
    title: `Budget and size on 500 spiral points: the right-sized net ${RIGHT_SIZED} after ${SPIRAL_STEPS} and ${EARLY_STEPS} steps, and the too-small ${TOO_SMALL}`,
    columns: ['net', 'steps', 'train loss', 'val loss', 'val acc', 'diagnosis', 'try'],
    rows: [full, early, small.point].map((p) => [
      p.net,
      p.steps,
      p.trainLoss,
      p.valLoss,
      p.valAccuracy,
      p.verdict === 'healthy' ? 'healthy' : p.verdict.join(', '),
      p.fix,
    ]),
  };
  const summary = (s: Sweep) => `${s.data}: ${s.points.map((p) => `${p.net} ${p.fit}`).join(' → ')}.`;
  const linear = spiral[0]!;
  return {
    name: 'underfitting',
    title: 'Underfitting: capacity, budget and λ',
    claim:
      'Underfitting: the model is too simple (or trained too little) to fit even the training data; both losses stay high. Large λ → smoother but potentially underfit.',
    seed: opts.seed,
    findings: [
      ...sweeps.map(summary),
      `The linear model on spiral: train loss ${linear.trainLoss.toFixed(3)}, validation ${linear.valLoss.toFixed(3)}, both near ln 2 = 0.693: a line cannot separate two spirals (bias).`,
      `Budget: ${RIGHT_SIZED} after ${EARLY_STEPS} steps is judged ${early.fit}${early.fix ? ` (try: ${early.fix})` : ''}; after ${SPIRAL_STEPS} steps, ${full.fit}.`,
      'λ: the overfitting experiment’s right-hand side (λ ≥ 0.1) is underfitting by penalty: the weights collapse and the verdict says to lower λ (gradscope experiment overfitting).',
      ...skipped.map((s) => `Skipped: ${s}.`),
    ],
    tables: [...sweeps.map(sweepTable), budget],
    charts: [...sweeps.map(sweepChart), ...fields],
    data: { sweeps, budget: { full, early, small: small.point }, skipped },
  };
}
