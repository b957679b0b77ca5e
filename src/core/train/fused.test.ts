// The fused step (one kernel call a step) against the layers' step on the same WASM kernels: the same
// numbers bit for bit, step by step, for every activation, loss and optimizer it covers, with and without
// --clip-norm, for batch sizes that leave a smaller last batch, and through a whole session (history,
// instruments, probes). The layers' WASM step is tied to the TS reference kernels by
// src/core/kernels/wasm/training.test.ts; here the fused trainer is tied to them too.

import { describe, expect, it } from 'vitest';
import { type ConfigInput, resolveConfig } from '../config.js';
import { prepareData } from '../data/prepare.js';
import { referenceKernels } from '../kernels/reference.js';
import type { Kernels } from '../kernels/types.js';
import { createWasmKernels } from '../kernels/wasm/index.js';
import type { Vec } from '../tensor.js';
import { openSession, type Session, type SessionOptions } from './session.js';
import { createTrainer, type StepRecord, type Trainer } from './trainer.js';

const bits = (v: Vec): number[] => Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));

/** WASM kernels whose gemmNT calls from the layers are counted (the fused call makes none from JS) */
async function countedKernels(): Promise<{ kernels: Kernels; layerGemms: () => number }> {
  const wasm = await createWasmKernels({ memoryBytes: 16 << 20 });
  let calls = 0;
  const kernels: Kernels = {
    ...wasm,
    gemmNT(...args) {
      calls++;
      wasm.gemmNT(...args);
    },
  };
  return { kernels, layerGemms: () => calls };
}

const record = (r: StepRecord) => ({ ...r, clip: { ...r.clip } });

function trainerFor(input: ConfigInput, kernels: Kernels, fused: boolean): Trainer {
  const config = resolveConfig({ steps: 1000, dtype: 'float32', seed: 5, ...input });
  return createTrainer(config, prepareData(config), { kernels, fused });
}

const CASES: [string, ConfigInput][] = [
  [
    'tanh, mse, sgd, batch 7 of 120 (a last batch of 1)',
    { data: 'sine', samples: 150, hidden: '8,8', activation: 'tanh', batchSize: 7 },
  ],
  [
    'relu, bce, momentum, --clip-norm 0.5',
    {
      data: 'circle',
      samples: 120,
      hidden: '16,16',
      activation: 'relu',
      init: 'he-normal',
      optimizer: 'momentum',
      clipNorm: 0.5,
      batchSize: 16,
    },
  ],
  [
    'leaky-relu:0.1, ce, adam',
    {
      data: 'spiral',
      samples: 100,
      hidden: '12',
      activation: 'leaky-relu:0.1',
      loss: 'ce',
      optimizer: 'adam',
      lr: 0.01,
      batchSize: 10,
    },
  ],
  [
    'tanh, bce, adamw + weight decay, --clip-norm 1',
    {
      data: 'spiral',
      samples: 90,
      hidden: '10,10',
      activation: 'tanh',
      optimizer: 'adamw',
      weightDecay: 0.05,
      lr: 0.01,
      clipNorm: 1,
      batchSize: 32,
    },
  ],
  [
    'relu, mse, nesterov + weight decay, batch 1',
    {
      data: 'sine',
      samples: 40,
      hidden: '6',
      activation: 'relu',
      optimizer: 'nesterov',
      weightDecay: 0.01,
      batchSize: 1,
    },
  ],
  [
    '6 relu layers, ce, sgd, full batch, --clip-norm 0.1',
    {
      data: 'circle',
      samples: 64,
      depth: 6,
      width: 12,
      activation: 'relu',
      init: 'he-normal',
      loss: 'ce',
      clipNorm: 0.1,
      batchSize: 64,
      valSplit: 0,
    },
  ],
  [
    'tanh, mse, sgd, --l2 0.01 and --l1 0.001 (the penalty and its gradient)',
    { data: 'sine', samples: 80, hidden: '8,8', activation: 'tanh', l2: 0.01, l1: 0.001, batchSize: 9 },
  ],
  [
    'relu, bce, adam, --l1 0.01',
    {
      data: 'circle',
      samples: 60,
      hidden: '10',
      activation: 'relu',
      optimizer: 'adam',
      lr: 0.02,
      l1: 0.01,
      batchSize: 12,
    },
  ],
  ['a linear model (no hidden layer), bce', { data: 'circle', samples: 50, hidden: [], batchSize: 8 }],
];

describe('the fused step', () => {
  it.each(CASES)('%s: every step bit-identical to the layers’ step on the same kernels', async (_, input) => {
    const fusedRun = await countedKernels();
    const layerRun = await countedKernels();
    const fused = trainerFor(input, fusedRun.kernels, true);
    const layers = trainerFor(input, layerRun.kernels, false);
    const steps = 150; // and one more below, for the targets
    for (let s = 0; s < steps; s++) expect(record(fused.step())).toEqual(record(layers.step()));
    expect(fused.stepPath).toBe('fused');
    expect(layers.stepPath).toBe('fused steps are off');
    expect(bits(fused.model.params)).toEqual(bits(layers.model.params));
    expect(bits(fused.model.grads)).toEqual(bits(layers.model.grads));
    for (const [name, buf] of Object.entries(layers.optimizer.buffers))
      expect(bits(fused.optimizer.buffers[name]!)).toEqual(bits(buf));
    // the layers ran only the first step and the steps after a change of batch size
    const n = fused.data.train.n;
    const b = fused.plan.batchSize;
    const perEpoch = Math.ceil(n / b);
    const changes = n % b === 0 ? 0 : Math.floor(steps / perEpoch) * 2 + 1;
    const blocks = fused.model.blocks.length;
    expect(layerRun.layerGemms()).toBe(steps * blocks);
    expect(fusedRun.layerGemms()).toBeLessThanOrEqual((1 + changes) * blocks);
    const lastRows = layers.data.train.targetDim * layers.step().batchSize;
    expect(fused.step().batchSize * fused.data.train.targetDim).toBe(lastRows);
    expect(Array.from(fused.targets.subarray(0, lastRows))).toEqual(
      Array.from(layers.targets.subarray(0, lastRows)),
    );
  });

  it('trains like the TS reference kernels (100-step loss curve to 1e-5 relative)', async () => {
    const input: ConfigInput = { data: 'spiral', hidden: '16,16', activation: 'tanh', batchSize: 16 };
    const wasm = trainerFor(input, await createWasmKernels({ memoryBytes: 16 << 20 }), true);
    const ref = trainerFor(input, referenceKernels, true);
    let worst = 0;
    for (let s = 0; s < 100; s++) {
      const got = wasm.step().loss;
      const want = ref.step().loss;
      worst = Math.max(worst, Math.abs(got - want) / Math.abs(want));
    }
    expect(wasm.stepPath).toBe('fused');
    expect(ref.stepPath).toBe('the reference kernels have no fused step');
    expect(worst).toBeLessThan(1e-5);
  });

  it('falls back to the layers for what it does not cover, naming why', async () => {
    const kernels = await createWasmKernels({ memoryBytes: 16 << 20 });
    const path = (input: ConfigInput): string => {
      const t = trainerFor({ data: 'circle', samples: 40, hidden: '4', ...input }, kernels, true);
      t.step();
      t.step();
      return t.stepPath;
    };
    expect(path({ clipValue: 1 })).toBe('--clip-value/--clip-layer-norm run on the layers');
    expect(path({ activation: 'sigmoid' })).toBe('no WASM twin of the activation sigmoid');
    expect(path({ norm: 'layer' })).toMatch(/^block 0 is not Dense \+ activation/);
    expect(path({ dropout: 0.2 })).toMatch(/^block 0 is not Dense \+ activation/);
    expect(path({ dtype: 'float64' })).toBe('the fused step is float32');
  });

  const sessionOver = async (input: ConfigInput, fused: boolean, opts: SessionOptions = {}) => {
    const config = resolveConfig({ dtype: 'float32', seed: 3, ...input });
    const kernels = await createWasmKernels({ memoryBytes: 16 << 20 });
    const trainer = createTrainer(config, prepareData(config), { kernels, fused });
    return openSession(trainer, { clock: null, ...opts });
  };
  const toEnd = (s: Session) => {
    while (!s.done) s.step();
    return s.finish();
  };
  /** the same run fused and on the layers, each to its end */
  const both = async (input: ConfigInput, opts: SessionOptions = {}) => {
    const fused = await sessionOver(input, true, opts);
    const layers = await sessionOver(input, false, opts);
    return { fused, layers, got: toEnd(fused), want: toEnd(layers) };
  };

  it('a whole session (history, instruments, probes, clipping) ends as the layers’ session does', async () => {
    // 90 samples less the validation split, in batches of 16: every epoch ends on a smaller batch
    const input: ConfigInput = {
      data: 'circle',
      samples: 90,
      hidden: '8,8',
      activation: 'tanh',
      batchSize: 16,
      steps: 120,
      logEvery: 7,
      probeEvery: 40,
      clipNorm: 0.3,
    };
    const { fused, layers, got, want } = await both(input);
    expect(fused.trainer.data.train.n % 16).not.toBe(0);
    expect(got).toEqual(want);
    expect(fused.trainer.stepPath).toBe('fused');
    expect(want.clipping.clippedSteps).toBeGreaterThan(0);
    expect(bits(fused.model.params)).toEqual(bits(layers.model.params));
  });

  it('a NaN injected mid-run is caught at the same step and named as the layers’ step names it', async () => {
    const input: ConfigInput = {
      data: 'sine',
      samples: 100,
      hidden: '8,8',
      activation: 'tanh',
      batchSize: 10,
      steps: 60,
    };
    // after step 30, one bias of layer 1 becomes NaN: step 31's forward makes layers.1.z NaN
    const inject: SessionOptions['onStep'] = (r, t) => {
      if (r.step === 30) t.model.tensors.find((v) => v.name === 'layers.1.bias')!.value[2] = Number.NaN;
    };
    const { fused, got, want } = await both(input, { onStep: inject });
    expect(got.nonFinite).toEqual({ step: 31, tensor: 'layers.1.z', layer: 1, phase: 'forward' });
    expect(got.nonFinite).toEqual(want.nonFinite);
    expect(got.steps).toBe(31);
    expect(got.history).toEqual(want.history);
    expect(fused.trainer.stepPath).toBe('fused');
  });

  it('a run that diverges (lr 1e6) stops at the same step, tensor and layer as the layers’ run', async () => {
    const input: ConfigInput = { data: 'sine', depth: 2, width: 8, activation: 'tanh', lr: 1e6, steps: 50 };
    const { fused, layers, got, want } = await both(input);
    expect(want.nonFinite).not.toBeNull();
    expect(got.nonFinite).toEqual(want.nonFinite);
    expect(got.weightsStep).toBe(want.weightsStep);
    expect(bits(fused.model.params)).toEqual(bits(layers.model.params));
    expect(fused.trainer.stepPath).toBe('fused');
  });
});
