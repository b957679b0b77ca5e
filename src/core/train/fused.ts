// The trainer's fused step: a plain Dense MLP's whole step (gather, forward, loss, backward, the L2/L1
// penalty, ‖g‖, clip, update) as one kernel call (src/core/kernels/fused.ts), where the kernel set offers it. The layers
// stay the specification: the fused call runs the kernels they call, in their order, on their buffers,
// so its numbers are theirs bit for bit (src/core/train/fused.test.ts holds it to that).
// A fused step must also leave the layers' bookkeeping (the last input, z, dz and rows that the
// instruments and the non-finite watch read) as a layer step would. The buffers are fixed, so it does
// whenever the layers already point at them with the same rows: after a layer step of as many rows.
// Anything else (a probe's forward in between, a last batch of another size) takes a layer step first.

import type { TrainConfig } from '../config.js';
import type { FusedBlock, FusedResult, FusedStep } from '../kernels/fused.js';
import type { Model } from '../model.js';
import { CLIP_NORM_EPS } from '../optim/clip.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Vec } from '../tensor.js';
import type { TrainData } from './trainer.js';

export interface FusedTrainStep {
  /** the fused call can take a batch of b rows now */
  ready(b: number): boolean;
  /** update t on rows idx in one call; null when the optimizer's update could not be captured */
  run(idx: ArrayLike<number>, t: number): FusedResult | null;
  /** (capacity, T) the last fused step's targets */
  readonly targets: Float64Array;
}

/** Why this config and model cannot step fused (null: they can, once a layer step has run). */
export function fusedBlocker(config: TrainConfig, model: Model): string | null {
  if (!model.kernels.fused) return `the ${model.kernels.name} kernels have no fused step`;
  if (model.dtype !== 'float32') return 'the fused step is float32';
  if (config.clipValue !== null || config.clipLayerNorm !== null)
    return '--clip-value/--clip-layer-norm run on the layers';
  const last = model.blocks.length - 1;
  for (const b of model.blocks) {
    const plain = b.norm === null && b.residualScale === null;
    const parts = b.index === last ? b.activation === null : b.activation !== null;
    if (!plain || !parts || b.layers.length !== (b.activation ? 2 : 1))
      return `block ${b.index} is not Dense + activation (norm, dropout or residual)`;
  }
  return null;
}

/**
 * The fused step over the buffers the layers used in the step just taken, or why there is none.
 * `dLogits` is the buffer the trainer hands model.backward.
 */
export function compileFusedStep(
  config: TrainConfig,
  model: Model,
  optimizer: Optimizer,
  data: TrainData,
  loss: string,
  dLogits: Vec,
): FusedTrainStep | string {
  const blocks: FusedBlock[] = [];
  for (const b of model.blocks) {
    const act = b.activation;
    const x = b.dense.lastX;
    const z = act ? act.lastZ : b.lastOutput;
    const dz = b.dense.lastDz;
    if (!x || !z || !dz) return `block ${b.index} has not run a step`;
    blocks.push({
      x,
      weight: b.dense.weight,
      bias: b.dense.bias,
      dWeight: b.dense.dWeight,
      dBias: b.dense.dBias,
      z,
      a: act ? act.out : null,
      d: act ? act.derivative : null,
      dz: act ? dz : null,
      inDim: b.inDim,
      outDim: b.outDim,
      activation: act ? act.fn.spec : null,
    });
  }
  if (model.blocks.at(-1)!.dense.lastDz !== dLogits) return 'the output layer saw another ∂L/∂z';
  const { train } = data;
  const step = model.kernels.fused!.compile({
    blocks,
    input: model.input,
    params: model.params,
    grads: model.grads,
    dLogits,
    loss,
    capacity: model.capacity,
    data: { x: train.x, y: train.y, D: train.inputDim, T: train.targetDim },
    clipNorm: config.clipNorm,
    clipEps: CLIP_NORM_EPS,
    l2: config.l2,
    l1: config.l1,
    decay: model.tensors.filter((t) => t.decay),
  });
  return typeof step === 'string' ? step : over(model, blocks, step, optimizer);
}

function over(
  model: Model,
  blocks: readonly FusedBlock[],
  step: FusedStep,
  optimizer: Optimizer,
): FusedTrainStep {
  const L = model.blocks.length;
  const dzs = model.blocks.map((b) => b.dense.lastDz);
  let t = 0;
  const applyUpdate = (): void => optimizer.step(t);
  return {
    targets: step.targets,
    ready(b) {
      for (let l = 0; l < L; l++) {
        const block = model.blocks[l]!;
        const want = blocks[l]!;
        if (block.lastRows !== b || block.dense.lastX !== want.x || block.dense.lastDz !== dzs[l])
          return false;
        const act = block.activation;
        if (act === null) continue;
        if (act.lastB !== b || act.lastZ !== want.z) return false;
      }
      return true;
    },
    run(idx, next) {
      t = next;
      return step.captureUpdate(applyUpdate) ? step.run(idx) : null;
    },
  };
}
