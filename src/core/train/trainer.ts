// One training step, in the order the notes give it:
//   forward → loss → backward (∂Div/∂W) → + λW (the ½λΣ‖W‖² term) → clip → update (with (1 − ηλ) decay).
// The trainer owns every buffer; a step allocates nothing. Where the kernels and the model allow it, the
// same step runs as one kernel call (fused.ts), checked bit for bit against this layers' step.

import type { TrainConfig } from '../config.js';
import type { Dataset } from '../dataset.js';
import { gatherRows as plainGather, referenceKernels } from '../kernels/reference.js';
import type { Kernels, LossForwardBackward } from '../kernels/types.js';
import { getLoss, type Loss } from '../losses.js';
import { createModel, type Model } from '../model.js';
import { type ClipResult, clipGradients } from '../optim/clip.js';
import { createOptimizer } from '../optim/index.js';
import type { Optimizer } from '../optim/optimizer.js';
import { dataShape, modelSpecOf, planRun, type RunPlan } from '../plan.js';
import { addPenaltyGrad, penalty } from '../regularize.js';
import { createRng, type Rng } from '../rng.js';
import type { Vec } from '../tensor.js';
import { type BatchSampler, createBatchSampler } from './batches.js';
import { compileFusedStep, type FusedTrainStep, fusedBlocker } from './fused.js';

export interface TrainData {
  readonly train: Dataset;
  readonly val: Dataset | null;
}

export interface Evaluation {
  readonly loss: number;
  readonly accuracy?: number;
}

/** What one step measured. Arrays are per Dense layer and are reused: copy to keep them. */
export interface StepRecord {
  /** updates applied so far (0 for a probe without update) */
  readonly step: number;
  readonly epoch: number;
  readonly batchSize: number;
  /** mean data loss of the batch, (1/b) Σ Div */
  readonly loss: number;
  /** ½λ Σ‖W‖² + λ₁‖W‖₁ at the weights the gradient was taken at */
  readonly penalty: number;
  readonly clip: ClipResult;
}

export interface Trainer {
  readonly config: TrainConfig;
  readonly model: Model;
  /** what the run derived from config and data: loss, output width, batch size, capacity, total steps */
  readonly plan: RunPlan;
  readonly loss: Loss;
  readonly data: TrainData;
  /** updates applied so far */
  readonly stepCount: number;
  /** forward, backward and one update on the next batch */
  step(): StepRecord;
  /** forward and backward on the next batch, without an update (`--steps 0`) */
  gradients(): StepRecord;
  /** mean loss (and accuracy for classification) over a dataset, in eval mode */
  evaluate(ds: Dataset): Evaluation;
  /** (B, T) targets of the last batch */
  readonly targets: Float64Array;
  /** the optimizer (its buffers are part of a checkpoint) */
  readonly optimizer: Optimizer;
  /** the data order */
  readonly sampler: BatchSampler;
  /** the root of every stream the trainer draws from (init, dropout per layer, shuffle) */
  readonly rng: Rng;
  /** set the update count (a resumed run: everything else is restored through the views above) */
  setStepCount(n: number): void;
  /** 'fused' once steps run as one kernel call (train/fused.ts), else why they run on the layers */
  readonly stepPath: string;
}

export interface TrainerOptions {
  readonly kernels?: Kernels;
  /** the plan of this config and data, when the caller already has it (default: planRun) */
  readonly plan?: RunPlan;
  /** step fused where the kernels and model allow it (default true; false: always the layers' step) */
  readonly fused?: boolean;
}

const NO_CLIP = { clipNorm: null, clipLayerNorm: null, clipValue: null } as const;

export function createTrainer(config: TrainConfig, data: TrainData, opts: TrainerOptions = {}): Trainer {
  const kernels = opts.kernels ?? referenceKernels;
  const { train } = data;
  const plan = opts.plan ?? planRun(config, dataShape(data));
  const { outputDim, batchSize, capacity } = plan;
  const loss = getLoss(plan.loss);
  const plainLoss: LossForwardBackward = (z, y, B, O, dz) => loss.forwardBackward(z, y, B, O, dz);
  // the kernels' twin of the loss's forward and gradient (the plain one where there is none)
  const lossOf = kernels.lossTwin?.(loss.name, plainLoss) ?? plainLoss;
  const root: Rng = createRng(config.seed);
  const model = createModel(modelSpecOf(config, train.inputDim, plan), {
    kernels,
    dtype: config.dtype,
    capacity,
    rng: root.fork('dropout'),
  });
  model.initialize(root.fork('init'));
  const optimizer: Optimizer = createOptimizer(model, config);
  const sampler: BatchSampler = createBatchSampler(
    train.n,
    batchSize,
    root.fork('shuffle'),
    kernels.shuffleIndices,
  );
  const D = train.inputDim;
  const T = train.targetDim;
  const targets = new Float64Array(capacity * T); // (B, T)
  let lastTargets: Float64Array = targets; // the buffer the last step's targets are in (the fused step has its own)
  const dLogits: Vec = kernels.alloc(config.dtype, capacity * outputDim); // (B, O)
  let stepCount = 0;
  const stateBackup = model.state.map((st) => st.value.slice());

  /** copy example i of ds into batch row r */
  const loadRow = (ds: Dataset, i: number, r: number): void => {
    const x = model.input;
    for (let d = 0; d < D; d++) x[r * D + d] = ds.x[i * D + d]!;
    for (let t = 0; t < T; t++) targets[r * T + t] = ds.y[i * T + t]!;
  };

  // the last forward/backward's batch size, mean data loss and penalty (no object per step)
  let lastBatch = 0;
  let lastLoss = 0;
  let lastPenalty = 0;
  const gather = kernels.gatherRows ?? plainGather;
  const forwardBackward = (idx: Uint32Array): void => {
    const b = idx.length;
    lastTargets = targets;
    gather(model.input, train.x, idx, b, D);
    for (let r = 0; r < b; r++) {
      const i = idx[r]!;
      for (let t = 0; t < T; t++) targets[r * T + t] = train.y[i * T + t]!;
    }
    model.zeroGrad();
    const logits = model.forward(b, 'train');
    lastBatch = b;
    lastLoss = lossOf(logits, targets, b, outputDim, dLogits);
    model.backward(dLogits, b);
    lastPenalty = penalty(model, config.l2, config.l1);
    addPenaltyGrad(model, config.l2, config.l1);
  };

  // the fused step is compiled after the first layer step, over the buffers that step used
  let stepPath = opts.fused === false ? 'fused steps are off' : (fusedBlocker(config, model) ?? 'pending');
  let fused: FusedTrainStep | null = null;
  const fusedStep = (idx: Uint32Array): ClipResult | null => {
    const r = fused!.run(idx, stepCount + 1);
    if (r === null) {
      fused = null;
      stepPath = "the optimizer's update is not a kernel call the fused step can run";
      return null;
    }
    stepCount++;
    lastBatch = idx.length;
    lastLoss = r.loss;
    lastPenalty = r.penalty;
    lastTargets = fused!.targets;
    return { preNorm: r.preNorm, postNorm: r.postNorm, clipped: r.clipped };
  };
  const layerStep = (idx: Uint32Array): ClipResult => {
    forwardBackward(idx);
    const clip = clipGradients(model, config);
    stepCount++;
    optimizer.step(stepCount);
    if (stepPath === 'pending') {
      const f = compileFusedStep(config, model, optimizer, data, loss.name, dLogits);
      if (typeof f === 'string') stepPath = f;
      else [fused, stepPath] = [f, 'fused'];
    }
    return clip;
  };

  const record = (clip: ClipResult): StepRecord => ({
    step: stepCount,
    epoch: sampler.epoch,
    batchSize: lastBatch,
    loss: lastLoss,
    penalty: lastPenalty,
    clip,
  });

  return {
    config,
    model,
    plan,
    loss,
    data,
    get targets() {
      return lastTargets;
    },
    get stepPath() {
      return stepPath;
    },
    optimizer,
    sampler,
    rng: root,
    get stepCount() {
      return stepCount;
    },
    setStepCount(n) {
      stepCount = n;
    },
    step() {
      const idx = sampler.next();
      const clip = (fused?.ready(idx.length) ? fusedStep(idx) : null) ?? layerStep(idx);
      return record(clip);
    },
    gradients() {
      // NOTE: a train-mode forward moves BatchNorm's running statistics; a probe changes nothing, so
      // the state is put back afterwards.
      for (let i = 0; i < model.state.length; i++) stateBackup[i]!.set(model.state[i]!.value);
      forwardBackward(sampler.next());
      for (let i = 0; i < model.state.length; i++) model.state[i]!.value.set(stateBackup[i]!);
      return record(clipGradients(model, NO_CLIP));
    },
    evaluate(ds) {
      let sum = 0;
      let correct = 0;
      for (let start = 0; start < ds.n; start += capacity) {
        const count = Math.min(capacity, ds.n - start);
        lastTargets = targets;
        for (let r = 0; r < count; r++) loadRow(ds, start + r, r);
        const logits = model.forward(count, 'eval');
        sum += lossOf(logits, targets, count, outputDim, null) * count;
        correct += loss.correct(logits, targets, count, outputDim);
      }
      const classification = ds.task !== 'regression' && plan.loss !== 'mse';
      return classification ? { loss: sum / ds.n, accuracy: correct / ds.n } : { loss: sum / ds.n };
    },
  };
}
