// `modes`: the notes' three update modes — batch (b = N), SGD (b = 1) and minibatch (1 < b < N) — on one
// problem and one budget of gradient evaluations (examples seen). Loss against epochs, examples seen and
// updates; and the variance of the gradient estimate per batch size, measured at the initial weights
// against the sampling-without-replacement formula E‖g_b − g‖² = σ²·(N − b)/(b·(N − 1)).

import type { ConfigInput } from '../config.js';
import type { Trainer } from '../train/trainer.js';
import { experimentTrainer, progress, trainLoop } from './setup.js';
import type { ExperimentOptions, ExperimentResult, LineChart, Table } from './types.js';

/** training examples (samples 320 with a 20% validation split) */
const N = 256;
export const MODE_BATCHES = [N, 64, 16, 4, 1] as const;
const DEFAULT_EPOCHS = 30;
/** minibatch draws per batch size for the variance estimate */
const DRAWS = 256;

export interface ModesOptions extends ExperimentOptions {
  /** epochs of the shared budget (default 30: 30·256 gradient evaluations per mode) */
  readonly epochs?: number;
}

export interface ModeRun {
  readonly mode: string;
  readonly batchSize: number;
  readonly updates: number;
  /** full-training-set loss at the end of each epoch (index 0 = before training) */
  readonly loss: readonly (number | null)[];
  readonly finalLoss: number | null;
  readonly valAccuracy: number | null;
  /** E‖g_b − g‖² over DRAWS minibatches at the initial weights */
  readonly gradVariance: number;
  /** σ²·(N − b)/(b·(N − 1)) with σ² the exact per-example variance */
  readonly gradVarianceTheory: number;
}

export interface ModesData {
  readonly n: number;
  readonly epochs: number;
  /** exact per-example gradient variance (1/N) Σ‖g_i − g‖² at the initial weights */
  readonly perExampleVariance: number;
  readonly fullGradientNorm: number;
  readonly runs: readonly ModeRun[];
}

const modeName = (b: number): string => (b === N ? 'batch' : b === 1 ? 'SGD' : `minibatch ${b}`);

const base = (seed: number): ConfigInput => ({
  data: 'circle',
  samples: 320,
  valSplit: 0.2,
  depth: 2,
  width: 16,
  activation: 'tanh',
  init: 'xavier-normal',
  optimizer: 'sgd',
  lr: 0.1,
  seed,
});

function distanceSquared(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

/** Gradients at the initial weights (same seed ⇒ same init whatever b is), float64. */
async function gradientTrainer(b: number, opts: ExperimentOptions): Promise<Trainer> {
  return experimentTrainer({ ...base(opts.seed), dtype: 'float64', batchSize: b, steps: 0 }, opts);
}

async function gradientVariance(opts: ExperimentOptions) {
  const full = await gradientTrainer(N, opts);
  full.gradients();
  const g = Float64Array.from(full.model.grads);
  // σ²: every example once (one epoch of b = 1 visits each exactly once)
  const single = await gradientTrainer(1, opts);
  let sigma2 = 0;
  for (let i = 0; i < N; i++) {
    single.gradients();
    sigma2 += distanceSquared(single.model.grads, g) / N;
  }
  const measured = new Map<number, number>();
  for (const b of MODE_BATCHES) {
    if (b === N) {
      measured.set(b, 0);
      continue;
    }
    const t = await gradientTrainer(b, opts);
    let s = 0;
    for (let k = 0; k < DRAWS; k++) {
      const rec = t.gradients();
      // NOTE: a short last batch of an epoch (N not divisible by b) would be a different estimator
      if (rec.batchSize !== b) throw new Error(`modes: batch of ${rec.batchSize}, expected ${b}`);
      s += distanceSquared(t.model.grads, g);
    }
    measured.set(b, s / DRAWS);
  }
  return { sigma2, measured, fullNorm: Math.sqrt(distanceSquared(g, new Float64Array(g.length))) };
}

export async function runModes(opts: ModesOptions): Promise<ExperimentResult<ModesData>> {
  const epochs = opts.epochs ?? DEFAULT_EPOCHS;
  const variance = await gradientVariance(opts);
  progress(opts, 1, MODE_BATCHES.length + 1, 'modes: gradient variance');
  const runs: ModeRun[] = [];
  for (const b of MODE_BATCHES) {
    const perEpoch = N / b;
    const trainer = await experimentTrainer(
      { ...base(opts.seed), batchSize: b, steps: epochs * perEpoch, logEvery: perEpoch },
      opts,
    );
    const loop = trainLoop(trainer);
    const val = trainer.data.val && loop.divergedAt === null ? trainer.evaluate(trainer.data.val) : null;
    runs.push({
      mode: modeName(b),
      batchSize: b,
      updates: loop.stepsDone,
      loss: loop.loss,
      finalLoss: loop.loss.at(-1) ?? null,
      valAccuracy: val?.accuracy ?? null,
      gradVariance: variance.measured.get(b)!,
      gradVarianceTheory: (variance.sigma2 * (N - b)) / (b * (N - 1)),
    });
    progress(opts, runs.length + 1, MODE_BATCHES.length + 1, `modes: ${modeName(b)}`);
  }

  const table: Table = {
    title: `One budget: ${epochs} epochs = ${epochs * N} gradient evaluations per mode; circle, ${N} training points, tanh 16-16, SGD lr 0.1`,
    columns: ['mode', 'b', 'updates', 'loss after 1 epoch', `loss after ${epochs} epochs`, 'val accuracy'],
    rows: runs.map((r) => [r.mode, r.batchSize, r.updates, r.loss[1] ?? null, r.finalLoss, r.valAccuracy]),
  };
  const varTable: Table = {
    title: `Variance of the gradient estimate at the initial weights (${DRAWS} minibatches per b, float64)`,
    columns: ['mode', 'b', 'E‖g_b − g‖² measured', 'σ²(N−b)/(b(N−1))', 'measured / formula'],
    rows: runs.map((r) => [
      r.mode,
      r.batchSize,
      r.gradVariance,
      r.gradVarianceTheory,
      r.batchSize === N ? null : r.gradVariance / r.gradVarianceTheory,
    ]),
    note: `g = the full-batch gradient (‖g‖ = ${variance.fullNorm.toPrecision(3)}); σ² = (1/N)Σ‖g_i − g‖² = ${variance.sigma2.toPrecision(3)} over all N per-example gradients. Batch mode has no sampling noise. For b = 1 the ${DRAWS} draws are ${DRAWS / N === 1 ? 'one epoch' : `${DRAWS / N} epochs`} (each example once per epoch), so measured = σ² by construction; the other b test the formula.`,
  };
  const epochAxis = Array.from({ length: epochs + 1 }, (_, e) => e);
  const lossSeries = runs.map((r) => ({ label: `${r.mode} (b=${r.batchSize})`, y: r.loss }));
  const byEpoch: LineChart = {
    kind: 'line',
    title: 'Training loss against epochs',
    xLabel: 'epoch',
    yLabel: 'training loss',
    yLog: true,
    x: epochAxis,
    series: lossSeries,
  };
  const byExamples: LineChart = {
    kind: 'line',
    title: 'Training loss against examples seen (gradient evaluations)',
    xLabel: 'examples seen',
    yLabel: 'training loss',
    yLog: true,
    x: epochAxis.map((e) => e * N),
    series: lossSeries,
  };
  const updates = [
    ...new Set(runs.flatMap((r) => epochAxis.slice(1).map((e) => (e * N) / r.batchSize))),
  ].sort((a, b) => a - b);
  const byUpdates: LineChart = {
    kind: 'line',
    title: 'Training loss against updates (log axis; one point per epoch)',
    xLabel: 'updates',
    yLabel: 'training loss',
    xLog: true,
    yLog: true,
    x: updates,
    series: runs.map((r) => ({
      label: r.mode,
      y: updates.map((u) => {
        const e = (u * r.batchSize) / N;
        return Number.isInteger(e) && e >= 1 && e <= epochs ? (r.loss[e] ?? null) : null;
      }),
      points: true,
    })),
  };
  const sgdBatches = runs.filter((r) => r.batchSize < N);
  const varChart: LineChart = {
    kind: 'line',
    title: 'Gradient-estimate variance against batch size',
    xLabel: 'batch size b',
    yLabel: 'E‖g_b − g‖²',
    xLog: true,
    yLog: true,
    x: sgdBatches.map((r) => r.batchSize).reverse(),
    series: [
      { label: 'measured', y: sgdBatches.map((r) => r.gradVariance).reverse(), points: true },
      {
        label: 'σ²(N−b)/(b(N−1))',
        y: sgdBatches.map((r) => r.gradVarianceTheory).reverse(),
        dashed: true,
        pair: true,
      },
    ],
  };
  const sgd = runs.at(-1)!;
  const batch = runs[0]!;
  return {
    name: 'modes',
    title: 'Batch, SGD and minibatch updates',
    claim:
      'Batch mode averages ∇Div over all T examples, SGD uses one example, minibatch averages b of them; each adds λW and updates W ← W − η∇L.',
    seed: opts.seed,
    findings: [
      `At ${epochs * N} gradient evaluations: batch mode makes ${batch.updates} updates and reaches loss ${batch.finalLoss?.toFixed(3)}; SGD makes ${sgd.updates} and reaches ${sgd.finalLoss?.toFixed(3)}.`,
      `The minibatch gradient is unbiased but noisy: its variance falls like 1/b (measured/formula ratios ${sgdBatches.map((r) => `${(r.gradVariance / r.gradVarianceTheory).toFixed(2)} at b = ${r.batchSize}`).join(', ')}; b = 1 is exact by construction).`,
    ],
    tables: [table, varTable],
    charts: [byEpoch, byExamples, byUpdates, varChart],
    data: {
      n: N,
      epochs,
      perExampleVariance: variance.sigma2,
      fullGradientNorm: variance.fullNorm,
      runs,
    },
  };
}
