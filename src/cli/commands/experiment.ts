// `gradscope experiment <name> [--json] [--out DIR] [--seed n]`: run one experiment of the notes (or all),
// print its tables (or the numbers as JSON), and write DIR/report.html (DIR defaults to experiments/<name>).

import {
  EXPERIMENT_NAMES,
  EXPERIMENTS,
  type ExperimentResult,
  isExperimentName,
  parseNumber,
  runAll,
  selectKernels,
  type TrainabilityOptions,
  UsageError,
} from '../../index.js';
import { kernelChoice } from '../../node/kernel-choice.js';
import { experimentPage, indexPage } from '../../report/experiment-page.js';
import { textTable } from '../../report/format.js';
import { type FlagTable, formatHelp, parseArgs } from '../args.js';
import { cachedLoader, checkData } from '../experiment-data.js';
import { progressBar } from '../progress.js';
import { checkOutDir, writeFilesAtomically } from '../run-files.js';
import { didYouMean } from '../suggest.js';
import { sweepRunner } from '../trainability-sweep.js';
import type { CommandIO } from './types.js';

/** WASM memory per run: the largest experiment network (depth 50, width 64, 256 rows) needs ~25 MiB. */
const RUN_MEMORY_BYTES = 64 * 1024 * 1024;

const NAMES = [...EXPERIMENT_NAMES, 'all'] as const;
/** The experiments that run on another data set with --data (the others draw 2-D points or their own data). */
const DATA_EXPERIMENTS: readonly string[] = ['init', 'activations'];
const VALID = `one of ${NAMES.join(', ')}`;

export const EXPERIMENT_FLAGS: FlagTable = {
  '--json': { key: 'json', boolean: true, help: 'print the results as one JSON document on stdout' },
  '--out': { key: 'out', help: 'directory for report.html and results.json', default: 'experiments/<name>' },
  '--seed': { key: 'seed', help: 'seed of every random choice', default: '1' },
  '--data': {
    key: 'data',
    help: 'run init or activations on this data set instead: fashion-mnist, mnist, iris',
    default: "the experiment's own",
  },
  '--full': {
    key: 'full',
    boolean: true,
    help: 'trainability: the full 10 × 13 grid (depth 10-100 × σ_w² 1-4), hours on one machine: for a sweep over many',
  },
  '--help': { key: 'help', boolean: true, help: 'show this help' },
};

const USAGE = `usage: gradscope experiment <name> [--json] [--out DIR] [--seed n] [--data SET] [--full]

experiments:
  chain        c^L: closed form vs backpropagation through L scalar layers, with the notes' values
  activations  sigmoid, tanh, ReLU at depths 5-50: first-layer gradient, per-layer factor, the bound
  init         depth-30 ReLU under four initializers: activation std per layer, loss after training
  exploding    2x He std at depth 30-50, and each fix (clipping, LayerNorm, residual, He) alone and together
  overfitting  an L2 sweep on noisy 2D data: U-shaped validation loss, boundaries, verdicts per lambda
  underfitting capacity from a linear model to width 256 on spiral and Fashion-MNIST, the budget, boundaries
  modes        batch vs SGD vs minibatch at one budget of gradient evaluations
  edge-of-chaos  tanh mean-field theory vs measurement: chi_1, q*, the critical line (float64, ~1 min)
  trainability   accuracy over depth x sigma_w^2 with the 6 xi_c line (5 x 5 grid as a local sweep; --full)
  all          every experiment, one index report`;

/** ` (did you mean chain?)` when `word` is a near miss of one of `words`. */
function nearest(word: string, words: readonly string[]): string {
  const near = didYouMean(word, words);
  return near ? ` (did you mean ${near}?)` : '';
}

/** Parse flags, turning an unknown flag into one line that also names the experiments. */
function parse(argv: readonly string[]): ReturnType<typeof parseArgs> {
  try {
    return parseArgs('experiment', argv, EXPERIMENT_FLAGS);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const actual = err.actual.replace(/^"|"$/g, '');
    const flags = Object.keys(EXPERIMENT_FLAGS);
    throw new UsageError(
      'gradscope experiment',
      `<name> among ${NAMES.join(', ')} and flags among ${flags.join(' ')}${nearest(actual, flags)}`,
      actual,
    );
  }
}

export function formatResult(r: ExperimentResult): string {
  const parts = [`== ${r.name}: ${r.title}`, `notes: ${r.claim}`];
  for (const t of r.tables) {
    parts.push(`\n${t.title}\n${textTable(t.columns, t.rows)}${t.note ? `\n${t.note}` : ''}`);
  }
  parts.push(`\n${r.findings.map((f) => `- ${f}`).join('\n')}`);
  return `${parts.join('\n')}\n`;
}

export async function runExperiment(argv: readonly string[], io: CommandIO): Promise<number> {
  const { values, positional } = parse(argv);
  if (values.help) {
    io.stdout(formatHelp(USAGE, EXPERIMENT_FLAGS));
    return 0;
  }
  if (positional.length !== 1) {
    throw new UsageError('gradscope experiment', `one <name>: ${VALID}`, positional.join(' ') || 'nothing');
  }
  const name = positional[0]!;
  if (name !== 'all' && !isExperimentName(name)) {
    throw new UsageError('gradscope experiment', `${VALID}${nearest(name, NAMES)}`, name);
  }
  const seed = parseNumber('--seed', typeof values.seed === 'string' ? values.seed : 1, {
    integer: true,
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
  });
  if (values.out === true || values.out === '')
    throw new UsageError('--out', 'a directory', String(values.out));
  const out = typeof values.out === 'string' ? values.out : `experiments/${name}`;
  checkOutDir('--out', out); // fail before the work, not after it

  const bar = progressBar(io, name);
  // NOTE: a fresh WASM kernel set per run: its buffer arena is never freed, and a run's memory goes
  // with its trainer. GRADSCOPE_KERNELS=reference runs the plain JS kernels instead.
  const wasm = kernelChoice() === 'wasm';
  const data = typeof values.data === 'string' ? checkData(values.data) : undefined;
  if (data !== undefined && !DATA_EXPERIMENTS.includes(name)) {
    throw new UsageError('--data', `an experiment among ${DATA_EXPERIMENTS.join(', ')}`, name);
  }
  const opts: TrainabilityOptions = {
    seed,
    ...(values.full === true ? { full: true } : {}),
    // trainability's grid runs as a local sweep on every core (the sweep engine)
    runner: sweepRunner(),
    load: cachedLoader(),
    ...(data === undefined ? {} : { data }),
    onProgress: (f: number, label: string) => bar.update(f, label),
    ...(wasm
      ? { kernels: () => selectKernels({ dtype: 'float32', prefer: 'wasm', memoryBytes: RUN_MEMORY_BYTES }) }
      : {}),
  };
  const started = Date.now();
  const results = name === 'all' ? await runAll(opts) : [await EXPERIMENTS[name](opts)];
  const seconds = (Date.now() - started) / 1000;
  bar.done();

  const html = name === 'all' ? indexPage(results, seconds) : experimentPage(results[0]!, seconds);
  const json = name === 'all' ? { seed, seconds, results } : { ...results[0]!, seconds };
  writeFilesAtomically('--out', out, {
    'report.html': html,
    'results.json': `${JSON.stringify(json, null, 2)}\n`,
  });
  if (values.json) io.stdout(`${JSON.stringify(json)}\n`);
  else {
    io.stdout(results.map(formatResult).join('\n'));
    io.stdout(`\n${results.length} experiment(s) in ${seconds.toFixed(1)} s; report: ${out}/report.html\n`);
  }
  return 0;
}
