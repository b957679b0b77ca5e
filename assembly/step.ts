// A whole training step of a plain Dense MLP in one call: gather the batch, forward, loss, backward,
// the gradient's sum of squares, global-norm clipping and the optimizer update. It calls the same kernels
// the per-call path calls (gemm, rows, activations, loss, stats, update), in the same order and on the
// same buffers, so a fused step is bit-identical to the layers' step on these kernels.
// Plain TypeScript twin: the layers (src/core/layers/dense.ts, activation.ts), the trainer's step
// (src/core/train/trainer.ts), clipGradients (src/core/optim/clip.ts) and the optimizers.
// The plan is f64 words written by the host (src/core/kernels/wasm/fused.ts owns the layout).
// L = blocks, B = rows, I = in, O = out, P = parameters, D = input width, T = target width.

import { leakyDerivative, leakyForward, mul, reluForward, tanhDerivative, tanhForward } from './activations';
import { gemmNN, gemmNT, gemmTN } from './gemm';
import { bceLoss, ceLoss, mseLoss } from './loss';
import { addRowVector, gatherRows, sumRows } from './rows';
import { sumSquaredDeviations } from './stats';
import { updateFromWords } from './update';

// header words (the host's PLAN in src/core/kernels/wasm/fused.ts mirrors these)
const L_: i32 = 0;
const B_: i32 = 1;
const LOSS: i32 = 2; // 1 mse, 2 bce, 3 ce
const OUT: i32 = 3;
const DLOGITS: i32 = 4;
const TARGETS: i32 = 5; // (B, T) f64
// word 6 is unused
const XDATA: i32 = 7; // (N, D) f64
const YDATA: i32 = 8; // (N, T) f64
const IDX: i32 = 9; // (B) u32
const D_: i32 = 10;
const T_: i32 = 11;
const INPUT: i32 = 12; // (B, D) f32
const GRADS: i32 = 13;
const P_: i32 = 14;
const CLIP_ON: i32 = 15;
const CLIP_NORM: i32 = 16;
const CLIP_EPS: i32 = 17;
const UPDATE: i32 = 18; // 13 words: the update kind (0 none, 1 sgd, 2 momentum, 3 adam) and its arguments (update.ts)
const RESULT: i32 = 32; // loss, preNorm, postNorm, clipped, penalty
const L2: i32 = 37;
const L1: i32 = 38;
const DECAY: i32 = 39; // (R, 2) f64 [offset, size] of the tensors the penalty applies to
const DECAY_N: i32 = 40;
const PARAMS: i32 = 41;
const BLOCKS: i32 = 48;
const BLOCK_WORDS: i32 = 16;
// block words: x, W, b, dW, db, z, a, d, dz, dx, I, O, activation (0 none, 1 relu, 2 leaky, 3 tanh), slope

function word(plan: usize, i: i32): f64 {
  return load<f64>(plan + ((<usize>i) << 3));
}

function ptr(plan: usize, i: i32): usize {
  return <usize>load<f64>(plan + ((<usize>i) << 3));
}

function int(plan: usize, i: i32): i32 {
  return <i32>load<f64>(plan + ((<usize>i) << 3));
}

/** One step on the plan at `plan`; writes the mean loss and the clip norms into the RESULT words. */
export function denseTrainStep(plan: usize): void {
  const L = int(plan, L_);
  const B = int(plan, B_);
  gatherBatch(plan, B);
  const P = int(plan, P_);
  const grads = ptr(plan, GRADS);
  memory.fill(grads, 0, (<usize>P) << 2); // zeroGrad
  let h = ptr(plan, INPUT);
  for (let l = 0; l < L; l++) h = forwardBlock(plan + ((<usize>(BLOCKS + l * BLOCK_WORDS)) << 3), h, B);
  const O = int(plan, OUT);
  const dLogits = ptr(plan, DLOGITS);
  const t = ptr(plan, TARGETS);
  const kind = int(plan, LOSS);
  let loss: f64 = 0;
  if (kind === 1) loss = mseLoss(h, t, B * O, dLogits);
  else if (kind === 2) loss = bceLoss(h, t, B * O, dLogits);
  else loss = ceLoss(h, t, B, O, dLogits);
  let g = dLogits;
  for (let l = L - 1; l >= 0; l--)
    g = backwardBlock(plan + ((<usize>(BLOCKS + l * BLOCK_WORDS)) << 3), g, B, l > 0);
  store<f64>(plan + ((<usize>(RESULT + 4)) << 3), penalize(plan, grads));
  clip(plan, grads, P);
  store<f64>(plan + ((<usize>RESULT) << 3), loss);
  // the optimizer's update kernel with the arguments it was called with (captured by the host)
  updateFromWords(plan + ((<usize>UPDATE) << 3));
}

/** input rows and float64 targets of the batch idx (the trainer's gatherRows and targets loop) */
function gatherBatch(plan: usize, B: i32): void {
  const D = int(plan, D_);
  const T = int(plan, T_);
  const idx = ptr(plan, IDX);
  gatherRows(ptr(plan, INPUT), ptr(plan, XDATA), idx, B, D);
  const y = ptr(plan, YDATA);
  const t = ptr(plan, TARGETS);
  for (let r = 0; r < B; r++) {
    const from = y + ((<usize>(<i32>load<u32>(idx + ((<usize>r) << 2)) * T)) << 3);
    for (let k = 0; k < T; k++)
      store<f64>(t + ((<usize>(r * T + k)) << 3), load<f64>(from + ((<usize>k) << 3)));
  }
}

/** Dense z = x Wᵀ + b, then a = f(z) (dense.ts forward, activation.ts forward); returns the output */
function forwardBlock(blk: usize, x: usize, B: i32): usize {
  const I = int(blk, 10);
  const O = int(blk, 11);
  const z = ptr(blk, 5);
  gemmNT(z, x, ptr(blk, 1), B, O, I, false);
  addRowVector(z, ptr(blk, 2), B, O);
  const act = int(blk, 12);
  if (act === 0) return z;
  const a = ptr(blk, 6);
  const n = B * O;
  if (act === 1) reluForward(a, z, n);
  else if (act === 2) leakyForward(a, z, n, <f32>word(blk, 13));
  else tanhForward(a, z, n);
  return a;
}

/** dz = da ⊙ f'(z); dW += dzᵀ x; db += Σ dz; dx = dz W when needDx (activation.ts, dense.ts backward) */
function backwardBlock(blk: usize, g: usize, B: i32, needDx: bool): usize {
  const I = int(blk, 10);
  const O = int(blk, 11);
  const act = int(blk, 12);
  let dz = g;
  if (act !== 0) {
    const n = B * O;
    const d = ptr(blk, 7);
    if (act === 1) leakyDerivative(d, ptr(blk, 5), n, 0);
    else if (act === 2) leakyDerivative(d, ptr(blk, 5), n, <f32>word(blk, 13));
    else tanhDerivative(d, ptr(blk, 6), n);
    dz = ptr(blk, 8);
    mul(dz, g, d, n);
  }
  gemmTN(ptr(blk, 3), dz, ptr(blk, 0), O, I, B, true);
  sumRows(ptr(blk, 4), dz, B, O, true);
  if (!needDx) return 0;
  const dx = ptr(blk, 9);
  gemmNN(dx, dz, ptr(blk, 1), B, I, O, false);
  return dx;
}

/**
 * penalty and addPenaltyGrad (src/core/regularize.ts): ½λΣw² + λ₁Σ|w| over the decay tensors, in their
 * order; then g += λw + λ₁·sign(w) there (sign(±0) = ±0, sign(NaN) = NaN, as Math.sign)
 */
function penalize(plan: usize, g: usize): f64 {
  const l2 = word(plan, L2);
  const l1 = word(plan, L1);
  if (l2 === 0 && l1 === 0) return 0;
  const w = ptr(plan, PARAMS);
  const ranges = ptr(plan, DECAY);
  const R = int(plan, DECAY_N);
  let sq: f64 = 0;
  let abs: f64 = 0;
  for (let k = 0; k < R; k++) {
    const from = <i32>load<f64>(ranges + ((<usize>(2 * k)) << 3));
    const end = from + <i32>load<f64>(ranges + ((<usize>(2 * k + 1)) << 3));
    for (let i = from; i < end; i++) {
      const v = <f64>load<f32>(w + ((<usize>i) << 2));
      sq += v * v;
      abs += Math.abs(v);
    }
  }
  for (let k = 0; k < R; k++) {
    const from = <i32>load<f64>(ranges + ((<usize>(2 * k)) << 3));
    const end = from + <i32>load<f64>(ranges + ((<usize>(2 * k + 1)) << 3));
    for (let i = from; i < end; i++) {
      const o = (<usize>i) << 2;
      const v = <f64>load<f32>(w + o);
      const sign: f64 = v > 0 ? 1 : v < 0 ? -1 : v;
      store<f32>(g + o, <f32>(<f64>load<f32>(g + o) + (l2 * v + l1 * sign)));
    }
  }
  return 0.5 * l2 * sq + l1 * abs;
}

/** clipGradients with --clip-norm only: ‖g‖ before, g ← g·c/(‖g‖ + ε) when that is < 1, ‖g‖ after */
function clip(plan: usize, g: usize, P: i32): void {
  const pre = Math.sqrt(sumSquaredDeviations(g, P, 0));
  let post = pre;
  let clipped: f64 = 0;
  // NOTE: a NaN/Inf gradient (pre NaN or ∞) is left as it is, for the non-finite check to name (clip.ts)
  if (pre < Infinity && int(plan, CLIP_ON)) {
    // clipGlobalNorm recomputes ‖g‖ from the unchanged g: the same sum, so pre is reused
    const coef = word(plan, CLIP_NORM) / (pre + word(plan, CLIP_EPS));
    if (coef < 1) {
      for (let i = 0; i < P; i++) {
        const o = (<usize>i) << 2;
        store<f32>(g + o, <f32>(<f64>load<f32>(g + o) * coef));
      }
      clipped = 1;
      post = Math.sqrt(sumSquaredDeviations(g, P, 0));
    }
  }
  store<f64>(plan + ((<usize>(RESULT + 1)) << 3), pre);
  store<f64>(plan + ((<usize>(RESULT + 2)) << 3), post);
  store<f64>(plan + ((<usize>(RESULT + 3)) << 3), clipped);
}
