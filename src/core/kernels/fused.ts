// The fused-step contract: a whole training step of a plain Dense MLP (Dense blocks with an elementwise
// activation, then a Dense output) as one kernel call over the layers' own buffers. A kernel set offers it
// when it can run the same kernels the layers call, in the same order, so the step is bit-identical to
// the layers' step on that set; the layers stay the specification (src/core/train/fused.ts checks it).
// B = rows, I = in, O = out, D = input width, T = target width.

import type { Vec } from '../tensor.js';

/** One Dense block's buffers, as its layers left them after a step (layers/dense.ts, activation.ts). */
export interface FusedBlock {
  /** (B, I) the block's input */
  readonly x: Vec;
  /** (O, I), (O) and their gradients */
  readonly weight: Vec;
  readonly bias: Vec;
  readonly dWeight: Vec;
  readonly dBias: Vec;
  /** (B, O) z = x Wᵀ + b (the logits for the output block) */
  readonly z: Vec;
  /** (B, O) a = f(z), f'(z) and ∂L/∂z; null for the output block */
  readonly a: Vec | null;
  readonly d: Vec | null;
  readonly dz: Vec | null;
  readonly inDim: number;
  readonly outDim: number;
  /** the activation's spec ('relu', 'leaky-relu:0.01', 'tanh'), or null for the output block */
  readonly activation: string | null;
}

export interface FusedSpec {
  readonly blocks: readonly FusedBlock[];
  /** (capacity, D) the model's input */
  readonly input: Vec;
  /** (P) the flat parameter and gradient buffers */
  readonly params: Vec;
  readonly grads: Vec;
  /** (capacity, O) ∂mean loss/∂logits */
  readonly dLogits: Vec;
  readonly loss: string;
  readonly capacity: number;
  /** the training set: (N, D) inputs and (N, T) targets */
  readonly data: {
    readonly x: Float64Array;
    readonly y: Float64Array;
    readonly D: number;
    readonly T: number;
  };
  /** --clip-norm c, or null (the only clipping a fused step runs) */
  readonly clipNorm: number | null;
  /** the ε of the global-norm clip (optim/clip.ts: CLIP_NORM_EPS) */
  readonly clipEps: number;
  /** --l2 λ and --l1 λ₁ (regularize.ts), over the tensors in `decay` (ranges of params) */
  readonly l2: number;
  readonly l1: number;
  readonly decay: readonly { readonly offset: number; readonly size: number }[];
}

/** What a fused step measured (one object, reused). */
export interface FusedResult {
  loss: number;
  /** ½λΣ‖W‖² + λ₁‖W‖₁ at the weights the gradient was taken at */
  penalty: number;
  preNorm: number;
  postNorm: number;
  clipped: boolean;
}

export interface FusedStep {
  /** (capacity, T) the last fused step's targets */
  readonly targets: Float64Array;
  /**
   * Record, without running it, the update-kernel call `apply` makes (the optimizer's step): the fused
   * step runs it last. False when that call was not one the step can run (then nothing was recorded).
   */
  captureUpdate(apply: () => void): boolean;
  /** one step on rows idx (B = idx.length) of the training set, with the captured update */
  run(idx: ArrayLike<number>): FusedResult;
}

export interface FusedKernels {
  /** A step over these buffers, or null when this set cannot run it as the layers would (the reason). */
  compile(spec: FusedSpec): FusedStep | string;
}
