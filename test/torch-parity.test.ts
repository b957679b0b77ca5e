// Parity with PyTorch in float64: the same weights and rows through gradscope and through torch.nn /
// torch.optim / torch.nn.utils (test/torch/parity.py), compared tensor by tensor. One Python process runs
// every case. In CI a missing torch fails the file; locally it is skipped with the reason in its name.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConfigInput, resolveConfig } from '../src/core/config.js';
import { prepareData } from '../src/core/data/prepare.js';
import type { Dataset } from '../src/core/dataset.js';
import { modelToSafetensors } from '../src/core/io/weights.js';
import type { Model } from '../src/core/model.js';
import { createTrainer, type Trainer } from '../src/core/train/trainer.js';
import { gradscope, tempDir } from './helpers/cli.js';
import { float64Trainer, randomDataset } from './helpers/gradcheck.js';
import {
  compareTensors,
  gradsOf,
  lastBatch,
  paramsOf,
  runTorch,
  scalarRelError,
  stateOf,
  type Tensors,
  TORCH_PYTHON,
  type TorchCase,
  type TorchNet,
  type TorchResult,
  torchNet,
  torchUnavailable,
  valuesOf,
} from './helpers/torch.js';

/** float64 against float64: only the order of roundings differs (sums, GEMMs), which costs ~1e-15. */
const TOL = 1e-10;
/**
 * A gradient tensor is judged against max(its own scale, GRAD_FLOOR × the largest gradient element), which
 * matters only for tensors that are 0 in exact arithmetic (see tensorRelError).
 */
const GRAD_FLOOR = 1e-3;
/** optimizer steps, each on the full batch */
const K = 5;

/** A case: its torch jobs and, given torch's answers, the relative error of each compared quantity. */
interface Built {
  readonly torch: readonly TorchCase[];
  check(results: readonly TorchResult[]): Record<string, number>;
}

interface Spec {
  readonly name: string;
  build(id: string, dir: string): Built;
}

const datasets = {
  mse: randomDataset(12, 3, 'regression'),
  bce: randomDataset(12, 3, 'binary'),
  ce: randomDataset(12, 3, 'multiclass', 3),
  residual: randomDataset(12, 4, 'multiclass', 3),
};

/** Move biases and norm gains/shifts off their 0/1 initial values, so their gradients are generic. */
function perturb(model: Model, seed = 11): void {
  let s = seed;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (const t of model.tensors) if (!t.decay) for (let i = 0; i < t.size; i++) t.value[i] += rand() - 0.5;
}

/** A float64 full-batch trainer with perturbed biases and norms; `from` is its network and start for torch. */
function start(input: ConfigInput, data: Dataset): { t: Trainer; from: { net: TorchNet; params: Tensors } } {
  const t = float64Trainer(input, data);
  perturb(t.model);
  return { t, from: { net: torchNet(t), params: paramsOf(t.model) } };
}

const prefixed = (prefix: string, errors: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}${k}`, v]));

/** A config as the CLI flags that say it: { batchSize: 'full' } → ['--batch-size', 'full']. */
function cliFlags(input: ConfigInput): string[] {
  return Object.entries(input).flatMap(([key, value]) => {
    const flag = `--${key.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)}`;
    if (value === true) return [flag];
    return [flag, Array.isArray(value) ? value.join(',') : String(value)];
  });
}

// ---- 1. data loss, penalty and every gradient after one probe (forward + backward, no update)

function gradSpec(name: string, input: ConfigInput, data: Dataset): Spec {
  return {
    name,
    build(id) {
      const { t, from } = start({ hidden: [5, 4], ...input }, data);
      const rec = t.gradients();
      const batch = lastBatch(t, rec.batchSize);
      const grads = gradsOf(t.model);
      // BatchNorm: one train-mode step moves the running statistics, which eval mode then uses
      const batchNorm = t.config.norm === 'batch';
      if (batchNorm) t.step();
      const state = stateOf(t.model);
      const evalLoss = batchNorm ? t.evaluate(t.data.train).loss : null;
      const job: TorchCase = {
        id,
        kind: 'grads',
        ...from,
        ...batch,
        l2: t.config.l2,
        ...(batchNorm ? { sgd_then_eval: t.config.lr } : {}),
      };
      return {
        torch: [job],
        check: ([r]) => ({
          loss: scalarRelError(rec.loss, r!.loss!),
          penalty: scalarRelError(rec.penalty, r!.penalty!),
          ...prefixed('d', compareTensors(grads, r!.grads!, GRAD_FLOOR)),
          ...compareTensors(state, r!.state!),
          ...(evalLoss === null
            ? {}
            : { 'eval loss after one step': scalarRelError(evalLoss, r!.eval_loss!) }),
        }),
      };
    },
  };
}

const ACTIVATIONS = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky-relu:0.2', 'elu', 'gelu'];
const LOSSES = ['mse', 'bce', 'ce'] as const;
/** input width 4: blocks 0 and 1 are residual (4 → 4), block 2 (4 → 3) is not */
const RESIDUAL = { hidden: [4, 4, 3], residual: true, loss: 'ce' } as const;

/** The flags a case adds to the defaults; the network is [5, 4] unless `hidden` says otherwise. */
type GradInput = ConfigInput & { activation: string; loss: 'mse' | 'bce' | 'ce' };

const gradCase = (input: GradInput): Spec =>
  gradSpec(cliFlags(input).join(' '), input, input.residual ? datasets.residual : datasets[input.loss]);

const gradSpecs: Spec[] = [
  ...ACTIVATIONS.flatMap((activation) => LOSSES.map((loss) => gradCase({ activation, loss }))),
  gradCase({ activation: 'tanh', loss: 'bce', l2: 0.3 }),
  gradCase({ activation: 'relu', loss: 'ce', l2: 0.1, hidden: [5, 4, 4] }),
  gradCase({ activation: 'gelu', loss: 'mse', l2: 0.05 }),
  gradCase({ activation: 'tanh', loss: 'mse', norm: 'layer' }),
  gradCase({ activation: 'relu', loss: 'ce', norm: 'layer' }),
  gradCase({ activation: 'gelu', loss: 'bce', norm: 'layer', l2: 0.2 }),
  gradCase({ activation: 'tanh', loss: 'bce', norm: 'batch' }),
  gradCase({ activation: 'relu', loss: 'ce', norm: 'batch' }),
  gradCase({ activation: 'elu', loss: 'mse', norm: 'batch', l2: 0.1 }),
  gradCase({ ...RESIDUAL, activation: 'tanh' }),
  gradCase({ ...RESIDUAL, activation: 'relu', residualScale: 'auto' }),
  gradCase({ ...RESIDUAL, activation: 'gelu', residualScale: 0.5 }),
  gradCase({ ...RESIDUAL, activation: 'sigmoid', norm: 'layer' }),
  gradCase({ ...RESIDUAL, activation: 'elu', norm: 'batch', l2: 0.1 }),
];

// ---- 2. K full-batch optimizer steps against torch.optim

interface TorchOptim {
  readonly name: 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw';
  /** torch's coupled weight_decay, in the Dense weights' param group (biases and norms get 0) */
  readonly weight_decay?: number;
  /** W ← (1 − ηλ)W before each torch step, the way torch.optim.AdamW decays */
  readonly decoupled_decay?: number;
}

function optimSpec(name: string, input: ConfigInput, optimizer: TorchOptim, data = datasets.bce): Spec {
  return {
    name,
    build(id) {
      const { t, from } = start({ hidden: [6, 5], activation: 'tanh', lr: 0.05, ...input }, data);
      const losses = Array.from({ length: K }, () => t.step().loss);
      const c = t.config;
      const job: TorchCase = {
        id,
        kind: 'optim',
        ...from,
        // each step takes the whole set in a new shuffled order; the mean loss does not depend on it
        batch: data.n,
        x: Array.from(data.x),
        y: Array.from(data.y),
        steps: K,
        optimizer: {
          lr: c.lr,
          momentum: c.momentum,
          beta1: c.beta1,
          beta2: c.beta2,
          eps: c.eps,
          ...optimizer,
        },
      };
      return {
        torch: [job],
        check: ([r]) => ({
          ...Object.fromEntries(
            losses.map((l, k) => [`loss at step ${k + 1}`, scalarRelError(l, r!.losses![k]!)]),
          ),
          ...compareTensors(valuesOf(t.model), r!.params!),
          ...compareTensors(stateOf(t.model), r!.state!),
        }),
      };
    },
  };
}

const λ = 0.05;
/** each optimizer alone and with --l2 λ, which is torch's coupled weight_decay=λ */
const TORCH_OPTIM = {
  sgd: 'SGD',
  momentum: 'SGD(momentum=0.9)',
  nesterov: 'SGD(momentum=0.9, nesterov=True)',
  adam: 'Adam',
} as const;
const optimSpecs: Spec[] = [
  ...(['sgd', 'momentum', 'nesterov', 'adam'] as const).flatMap((name) => {
    const input = { optimizer: name, ...(name === 'adam' ? { lr: 0.01 } : {}) };
    return [
      optimSpec(`${name} = ${TORCH_OPTIM[name]}`, input, { name }),
      optimSpec(
        `${name} --l2 λ = ${TORCH_OPTIM[name]} with weight_decay=λ`,
        { ...input, l2: λ },
        { name, weight_decay: λ },
      ),
    ];
  }),
  optimSpec(
    'sgd --weight-decay λ = SGD(weight_decay=λ) (decoupled equals coupled for plain SGD)',
    { optimizer: 'sgd', weightDecay: λ },
    { name: 'sgd', weight_decay: λ },
  ),
  optimSpec(
    'momentum --weight-decay λ = SGD(momentum=0.9) after W ← (1 − ηλ)W',
    { optimizer: 'momentum', weightDecay: λ },
    { name: 'momentum', decoupled_decay: λ },
  ),
  optimSpec(
    'adamw --weight-decay λ = AdamW(weight_decay=λ)',
    { optimizer: 'adamw', lr: 0.01, weightDecay: λ },
    { name: 'adamw', weight_decay: λ },
  ),
  optimSpec(
    'adam --weight-decay λ = AdamW(weight_decay=λ)',
    { optimizer: 'adam', lr: 0.01, weightDecay: λ },
    { name: 'adamw', weight_decay: λ },
  ),
  optimSpec(
    'adamw --weight-decay 0.1 --norm layer (gains and shifts not decayed), relu, ce = AdamW',
    { optimizer: 'adamw', lr: 0.01, weightDecay: 0.1, norm: 'layer', activation: 'relu', loss: 'ce' },
    { name: 'adamw', weight_decay: 0.1 },
    datasets.ce,
  ),
  optimSpec(
    'momentum --norm batch --residual: parameters and running statistics after 5 steps',
    { ...RESIDUAL, optimizer: 'momentum', norm: 'batch' },
    { name: 'momentum' },
    datasets.residual,
  ),
];

// ---- 3. clipping: one step with --clip-norm / --clip-value against clip_grad_norm_ / clip_grad_value_

/** `clip` picks the settings from the unclipped gradient's global norm and its |g| elements. */
function clipSpec(name: string, clip: (norm: number, absGrads: number[]) => ConfigInput): Spec {
  const input: ConfigInput = { hidden: [5, 4], activation: 'tanh', loss: 'ce', l2: 0.1, lr: 0.1 };
  return {
    name,
    build(id) {
      const probe = start(input, datasets.ce).t;
      const norm = probe.gradients().clip.preNorm;
      const settings = clip(norm, Array.from(probe.model.grads, Math.abs));
      const { t, from } = start({ ...input, ...settings }, datasets.ce);
      const rec = t.step();
      const c = t.config;
      const job: TorchCase = {
        id,
        kind: 'clip',
        ...from,
        ...lastBatch(t, rec.batchSize),
        l2: c.l2,
        clip_norm: c.clipNorm,
        clip_value: c.clipValue,
        lr: c.lr,
      };
      return {
        torch: [job],
        check: ([r]) => {
          expect(rec.clip.clipped, 'whether clipping changed the gradient').toBe(
            r!.post_norm! < r!.pre_norm!,
          );
          const normOnly = c.clipValue === null && c.clipNorm !== null;
          return {
            'pre-clip norm': scalarRelError(rec.clip.preNorm, r!.pre_norm!),
            'post-clip norm': scalarRelError(rec.clip.postNorm, r!.post_norm!),
            ...(normOnly
              ? { 'clip_grad_norm_ total': scalarRelError(rec.clip.preNorm, r!.clip_grad_norm_total!) }
              : {}),
            ...prefixed('clipped d', compareTensors(gradsOf(t.model), r!.grads!, GRAD_FLOOR)),
            ...compareTensors(valuesOf(t.model), r!.params!),
          };
        },
      };
    },
  };
}

const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

const clipSpecs: Spec[] = [
  clipSpec('--clip-norm 0.3·‖g‖ scales as clip_grad_norm_ does', (n) => ({ clipNorm: 0.3 * n })),
  clipSpec('--clip-norm 3·‖g‖ leaves the gradient alone, as clip_grad_norm_ does', (n) => ({
    clipNorm: 3 * n,
  })),
  clipSpec('--clip-value at the median |g| clamps as clip_grad_value_ does', (_n, g) => ({
    clipValue: median(g),
  })),
  clipSpec('--clip-value then --clip-norm = clip_grad_value_ then clip_grad_norm_', (n, g) => ({
    clipValue: median(g),
    clipNorm: 0.2 * n,
  })),
];

// (4. initializer statistics are not compared: torch draws from other random streams)

// ---- 5. safetensors files read by an independent Python reader

/** Python's view of a file must be the model's tensors exactly: names, dtype, [out, in] shapes, values. */
function checkFile(model: Model, r: TorchResult, dtype: 'F32' | 'F64'): Record<string, number> {
  expect(r.problems).toEqual([]);
  expect(r.metadata).toEqual({ format: 'pt' });
  const all = [...model.tensors, ...model.state];
  expect(Object.keys(r.tensors!).sort()).toEqual(all.map((t) => t.name).sort());
  for (const t of all) {
    const got = r.tensors![t.name]!;
    expect({ name: t.name, dtype: got.dtype, shape: got.shape }).toEqual({
      name: t.name,
      dtype,
      shape: [...t.shape],
    });
    expect(got.data, t.name).toEqual(Array.from(t.value));
  }
  // Dense weights are [out, in] as in torch.nn.Linear, read straight from the architecture
  const dims = [model.spec.inputDim, ...model.spec.hidden, model.spec.outputDim];
  for (let l = 0; l < dims.length - 1; l++)
    expect(r.tensors![`layers.${l}.weight`]!.shape).toEqual([dims[l + 1], dims[l]]);
  return { 'every tensor read back exactly': 0 };
}

function fileSpec(dtype: 'float32' | 'float64'): Spec {
  const stored = dtype === 'float64' ? 'F64' : 'F32';
  return {
    name: `a ${dtype} model with --norm batch is written as ${stored} tensors, running statistics included`,
    build(id, dir) {
      const config = resolveConfig({ dtype, hidden: [5, 4], norm: 'batch', batchSize: 'full', valSplit: 0 });
      const t = createTrainer(config, { train: datasets.bce, val: null });
      perturb(t.model);
      t.step(); // running statistics off their initial 0 and 1
      const path = join(dir, `${id}.safetensors`);
      writeFileSync(path, modelToSafetensors(t.model));
      return { torch: [{ id, kind: 'safetensors', path }], check: ([r]) => checkFile(t.model, r!, stored) };
    },
  };
}

/** `gradscope train` end to end: PyTorch starts from the CLI's --steps 0 file and must reach its --steps K file. */
const CLI_RUN: ConfigInput = {
  data: 'circle',
  samples: 40,
  valSplit: 0,
  batchSize: 'full',
  dtype: 'float64',
  hidden: [6, 6],
  activation: 'gelu',
  norm: 'layer',
  residual: true,
  optimizer: 'adam',
  lr: 0.02,
  seed: 5,
};

const cliSpec: Spec = {
  name: `gradscope train --dtype float64 --optimizer adam: ${K} steps from its own model.safetensors match torch`,
  build(id, dir) {
    const out = (steps: number): string => {
      const path = join(dir, `${id}-${steps}`);
      const r = gradscope(['train', ...cliFlags(CLI_RUN), '--steps', String(steps), '--out', path]);
      if (r.code !== 0) throw new Error(`gradscope train exited with ${r.code}: ${r.stderr}`);
      return join(path, 'model.safetensors');
    };
    const config = resolveConfig(CLI_RUN);
    const data = prepareData(config).train;
    const t = createTrainer(config, { train: data, val: null }); // for the network spec only
    const trainJob: TorchCase = {
      id: `${id}/torch`,
      kind: 'optim',
      net: torchNet(t),
      params_file: out(0),
      batch: data.n,
      x: Array.from(data.x),
      y: Array.from(data.y),
      steps: K,
      optimizer: { name: 'adam', lr: config.lr, beta1: config.beta1, beta2: config.beta2, eps: config.eps },
    };
    const fileJob: TorchCase = { id: `${id}/file`, kind: 'safetensors', path: out(K) };
    return {
      torch: [trainJob, fileJob],
      check: ([trained, file]) => {
        expect(file!.problems).toEqual([]);
        const stored = Object.fromEntries(Object.entries(file!.tensors!).map(([k, v]) => [k, v.data]));
        return compareTensors(stored, trained!.params!);
      },
    };
  },
};

const GROUPS: Record<string, Spec[]> = {
  'loss, penalty and every gradient (probe), BatchNorm running statistics after a step': gradSpecs,
  [`${K} full-batch optimizer steps against torch.optim`]: optimSpecs,
  'clipping against torch.nn.utils.clip_grad_norm_ / clip_grad_value_': clipSpecs,
  'model.safetensors read by a spec-following Python reader': [
    fileSpec('float64'),
    fileSpec('float32'),
    cliSpec,
  ],
};

const unavailable = torchUnavailable();

if (unavailable !== null && process.env.CI) {
  describe('PyTorch parity', () => {
    it(`needs torch importable from ${TORCH_PYTHON} (.ci/run installs python3-torch)`, () => {
      throw new Error(`PyTorch parity cannot run in CI: ${unavailable}`);
    });
  });
} else {
  if (unavailable !== null) console.warn(`PyTorch parity skipped: ${unavailable}`);
  const title = `PyTorch parity in float64 (relative error ≤ ${TOL})`;
  describe.skipIf(unavailable !== null)(
    unavailable === null ? title : `${title}: skipped, ${unavailable}`,
    () => {
      const built = new Map<string, Built>();
      const answers = new Map<string, TorchResult>();
      const worst: Record<string, number> = {};
      let dir = '';

      beforeAll(() => {
        dir = tempDir('gradscope-torch-');
        Object.entries(GROUPS).forEach(([group, specs], g) => {
          specs.forEach((spec, i) => {
            built.set(`${group}/${i}`, spec.build(`case-${g}-${i}`, dir));
          });
        });
        const { results } = runTorch([...built.values()].flatMap((b) => b.torch));
        for (const r of results) answers.set(r.id, r);
      });

      afterAll(() => {
        if (dir) rmSync(dir, { recursive: true, force: true });
        const lines = Object.entries(worst).map(
          ([group, e]) => `  ${group}: max relative error ${e.toExponential(2)}`,
        );
        if (lines.length) console.log(`PyTorch parity\n${lines.join('\n')}`);
      });

      for (const [group, specs] of Object.entries(GROUPS)) {
        describe(group, () => {
          it.each(specs.map((spec, i) => [spec.name, i] as const))('%s', (_name, i) => {
            const b = built.get(`${group}/${i}`)!;
            const errors = b.check(b.torch.map((job) => answers.get(job.id)!));
            const values = Object.values(errors);
            expect(values.length).toBeGreaterThan(0);
            worst[group] = Math.max(worst[group] ?? 0, ...values);
            const failing = Object.fromEntries(Object.entries(errors).filter(([, e]) => !(e <= TOL)));
            expect(failing, `relative errors above ${TOL}`).toEqual({});
          });
        });
      }
    },
  );
}
