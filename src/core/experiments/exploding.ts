// `exploding`: ReLU networks initialised at twice the He std, so each layer stretches the signal ~2×
// (the notes: ReLU prevents shrinkage but does not limit growth). First the growth per layer at depths
// 30–50 (float64, at init); then, at depth 40, each fix alone and all together: --clip-norm,
// --norm layer, --residual (scaled 1/√L) and He init. Per run: max gradient norm, final loss, diverged.

import type { ConfigInput } from '../config.js';
import { measureLayers } from '../train/layer-stats.js';
import { runTraining } from '../train/run.js';
import { experimentTrainer, perStepFactor, progress } from './setup.js';
import type { ExperimentOptions, ExperimentResult, LineChart, Table } from './types.js';

export const GROWTH_DEPTHS = [30, 40, 50] as const;
export const FIX_DEPTH = 40;
const WIDTH = 64;
/** 2 × the He std √(2/fan-in) of the hidden layers */
const DOUBLE_HE = `normal:${2 * Math.sqrt(2 / WIDTH)}`;

export interface ExplodingOptions extends ExperimentOptions {
  /** SGD steps per fix (default 200) */
  readonly steps?: number;
}

interface Fix {
  readonly name: string;
  readonly flags: string;
  readonly config: ConfigInput;
}

export const FIXES: readonly Fix[] = [
  { name: 'none (2× He std)', flags: '', config: {} },
  { name: 'clip-norm 1', flags: '--clip-norm 1', config: { clipNorm: 1 } },
  { name: 'LayerNorm', flags: '--norm layer', config: { norm: 'layer' } },
  {
    name: 'residual, scale 1/√L',
    flags: '--residual --residual-scale auto',
    config: { residual: true, residualScale: 'auto' },
  },
  { name: 'He init', flags: '--init he-normal', config: { init: 'he-normal' } },
  {
    name: 'clip + LayerNorm + residual',
    flags: '--clip-norm 1 --norm layer --residual --residual-scale auto',
    config: { clipNorm: 1, norm: 'layer', residual: true, residualScale: 'auto' },
  },
  {
    name: 'all four',
    flags: '--clip-norm 1 --norm layer --residual --residual-scale auto --init he-normal',
    config: { clipNorm: 1, norm: 'layer', residual: true, residualScale: 'auto', init: 'he-normal' },
  },
];

export interface GrowthRun {
  readonly depth: number;
  /** RMS ‖∂ℓ/∂z_l‖ per Dense layer at init, input side first */
  readonly signal: readonly number[];
  /** measured per-layer factor (signal at layer 1 / output)^(1/depth) */
  readonly perLayerFactor: number;
}

export interface FixRun {
  readonly name: string;
  readonly flags: string;
  /** per-layer factor of the backpropagated signal at init */
  readonly perLayerFactor: number;
  readonly signal: readonly number[];
  /** largest global ‖g‖ seen, before clipping */
  readonly maxGradNorm: number;
  readonly clippedSteps: number;
  readonly finalLoss: number | null;
  readonly diverged: boolean;
  readonly divergedAt: number | null;
  readonly verdict: string;
  readonly steps: readonly number[];
  readonly loss: readonly (number | null)[];
}

export interface ExplodingData {
  readonly growth: readonly GrowthRun[];
  readonly fixes: readonly FixRun[];
  readonly trainSteps: number;
}

const base = (depth: number, seed: number): ConfigInput => ({
  data: 'circle',
  samples: 400,
  depth,
  width: WIDTH,
  activation: 'relu',
  init: DOUBLE_HE,
  seed,
});

/** One forward/backward at init in float64: the signal per layer and its per-layer factor. */
async function signalAtInit(config: ConfigInput, depth: number, opts: ExperimentOptions) {
  const trainer = await experimentTrainer({ ...config, dtype: 'float64', batchSize: 64, steps: 0 }, opts);
  const rec = trainer.gradients();
  const signal = measureLayers(trainer.model, rec.batchSize).map((l) => l.signalGradNorm);
  return { signal, perLayerFactor: perStepFactor(signal[depth]!, signal[0]!, depth) };
}

const finiteOrNull = (x: number | undefined): number | null =>
  x !== undefined && Number.isFinite(x) ? x : null;

export async function runExploding(opts: ExplodingOptions): Promise<ExperimentResult<ExplodingData>> {
  const trainSteps = opts.steps ?? 200;
  const total = GROWTH_DEPTHS.length + FIXES.length;
  const growth: GrowthRun[] = [];
  for (const depth of GROWTH_DEPTHS) {
    growth.push({ depth, ...(await signalAtInit(base(depth, opts.seed), depth, opts)) });
    progress(opts, growth.length, total, `exploding: growth at depth ${depth}`);
  }
  const fixes: FixRun[] = [];
  for (const fix of FIXES) {
    const config: ConfigInput = { ...base(FIX_DEPTH, opts.seed), ...fix.config };
    const atInit = await signalAtInit(config, FIX_DEPTH, opts);
    const trainer = await experimentTrainer(
      { ...config, batchSize: 32, steps: trainSteps, lr: 0.01, optimizer: 'sgd', logEvery: 10 },
      opts,
    );
    // NOTE: no Jacobian probes here (the flow is measured at init above); instruments still feed the diagnosis
    const r = runTraining(trainer, {}, { probes: false });
    const diverged = r.nonFinite !== null;
    fixes.push({
      name: fix.name,
      flags: fix.flags,
      ...atInit,
      maxGradNorm: r.clipping.maxPreNorm,
      clippedSteps: r.clipping.clippedSteps,
      finalLoss: diverged ? null : finiteOrNull(r.final.train.loss),
      diverged,
      divergedAt: r.nonFinite?.step ?? null,
      verdict: r.diagnosis.verdict === 'healthy' ? 'healthy' : r.diagnosis.verdict.join(', '),
      steps: r.history.map((h) => h.step),
      loss: r.history.map((h) => finiteOrNull(h.loss)),
    });
    progress(opts, GROWTH_DEPTHS.length + fixes.length, total, `exploding: ${fix.name}`);
  }

  const growthTable: Table = {
    title: `Growth at init: ReLU, width ${WIDTH}, init normal:${(2 * Math.sqrt(2 / WIDTH)).toFixed(3)} (2× the He std √(2/${WIDTH})), float64`,
    columns: ['depth', 'signal layer 1', 'signal output', 'ratio', 'per-layer factor'],
    rows: growth.map((g) => [
      g.depth,
      g.signal[0]!,
      g.signal.at(-1)!,
      g.signal[0]! / g.signal.at(-1)!,
      g.perLayerFactor,
    ]),
  };
  const fixTable: Table = {
    title: `Fixes at depth ${FIX_DEPTH}: ${trainSteps} SGD steps, lr 0.01, batch 32, circle data`,
    columns: [
      'fix',
      'per-layer factor at init',
      'max ‖g‖',
      'clipped steps',
      'final loss',
      'diverged',
      'diagnosis',
    ],
    rows: fixes.map((f) => [
      f.name,
      f.perLayerFactor,
      f.maxGradNorm,
      f.clippedSteps,
      f.finalLoss,
      f.diverged ? `yes (step ${f.divergedAt})` : 'no',
      f.verdict,
    ]),
    note: 'max ‖g‖: the largest global gradient norm before clipping; diverged: a NaN/Inf appeared (the run stops there).',
  };
  const maxDepth = GROWTH_DEPTHS.at(-1)!;
  const growthChart: LineChart = {
    kind: 'line',
    title: 'Backpropagated signal per layer at init, 2× He std',
    xLabel: 'Dense layer (0 = first)',
    yLabel: 'RMS ‖∂ℓ/∂z_l‖',
    yLog: true,
    x: Array.from({ length: maxDepth + 1 }, (_, i) => i),
    series: growth.map((g) => ({
      label: `depth ${g.depth}`,
      y: Array.from({ length: maxDepth + 1 }, (_, i) => g.signal[i] ?? null),
    })),
  };
  const fixChart: LineChart = {
    kind: 'line',
    title: `Depth ${FIX_DEPTH}: signal per layer at init, per fix (clipping acts on the update only: its line, dashed, lies on the unfixed one)`,
    xLabel: 'Dense layer (0 = first)',
    yLabel: 'RMS ‖∂ℓ/∂z_l‖',
    yLog: true,
    x: Array.from({ length: FIX_DEPTH + 1 }, (_, i) => i),
    series: fixes.map((f) => ({
      label: f.name,
      y: f.signal,
      ...(f.flags === '--clip-norm 1' ? { dashed: true } : {}),
    })),
  };
  // runs log different steps (a diverged run stops early): align them on the union of logged steps
  const steps = [...new Set(fixes.flatMap((f) => f.steps))].sort((a, b) => a - b);
  const lossChart: LineChart = {
    kind: 'line',
    title: 'Training (batch) loss per fix; a diverged run ends where it turned NaN',
    xLabel: 'step',
    yLabel: 'batch loss',
    yLog: true,
    x: steps,
    series: fixes.map((f) => {
      const at = new Map(f.steps.map((s, i) => [s, f.loss[i] ?? null]));
      return { label: f.name, y: steps.map((s) => at.get(s) ?? null) };
    }),
  };
  const none = fixes[0]!;
  const clip = fixes.find((f) => f.flags === '--clip-norm 1')!;
  const trained = fixes.filter((f) => !f.diverged && f.finalLoss !== null && f.finalLoss < 0.5);
  return {
    name: 'exploding',
    title: 'Exploding gradients and their fixes',
    claim:
      'ReLU prevents shrinkage but does not limit growth: if ‖W_l‖ > 1, gradient ≈ Π‖W_l‖ explodes. That is why gradient clipping, normalization and residual connections are still needed.',
    seed: opts.seed,
    findings: [
      `At 2× the He std each layer multiplies the backpropagated signal by ${growth.map((g) => g.perLayerFactor.toFixed(2)).join(', ')} (depths ${GROWTH_DEPTHS.join(', ')}): ${(growth.at(-1)!.signal[0]! / growth.at(-1)!.signal.at(-1)!).toExponential(1)}× over ${maxDepth} layers.`,
      `Unfixed at depth ${FIX_DEPTH}: max ‖g‖ = ${none.maxGradNorm.toExponential(1)}, ${none.diverged ? `diverged at step ${none.divergedAt}` : `final loss ${none.finalLoss}`}.`,
      `Clipping alone: clipped on ${clip.clippedSteps} of ${trainSteps} steps, ${clip.diverged ? `yet diverged at step ${clip.divergedAt}` : `no NaN, but the final loss is ${clip.finalLoss?.toExponential(1)}`}: clipping bounds the step, not the growth of the forward signal through ${FIX_DEPTH} stretching layers.`,
      `Runs that train (final loss < 0.5): ${trained.map((f) => f.name).join('; ') || 'none'}.`,
    ],
    tables: [growthTable, fixTable],
    charts: [growthChart, fixChart, lossChart],
    data: { growth, fixes, trainSteps },
  };
}
