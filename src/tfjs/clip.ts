// Gradient clipping for any tfjs optimizer, on the pipeline's interception point.
//   global:    g ← g · min(1, max / (‖g‖ + 1e-6))          reference: torch.nn.utils.clip_grad_norm_
//   perTensor: g_k ← g_k · max / max(‖g_k‖, max)           reference: Keras Optimizer(clipnorm=max)
//   value:     g ← clamp(g, −max, max)                      reference: Keras Optimizer(clipvalue=max)
// The same rules as gradscope's --clip-norm, --clip-layer-norm and --clip-value (src/core/optim/clip.ts).
// Each step reads one small vector (the per-tensor ‖g_k‖² and max |g|) to decide and to record.

import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from '../index.js';
import { addStage, type Gradients } from './pipeline.js';
import { described } from './words.js';

export type ClipMode = 'global' | 'perTensor' | 'value';
export const CLIP_MODES: readonly ClipMode[] = ['global', 'perTensor', 'value'];

/** PyTorch adds this to the total norm before dividing (gradscope's CLIP_NORM_EPS). */
const CLIP_NORM_EPS = 1e-6;

export interface ClipOptions {
  readonly mode: ClipMode;
  readonly max: number;
}

export interface ClipStats {
  readonly mode: ClipMode;
  readonly max: number;
  /** steps seen, and those whose gradient clipping changed */
  readonly steps: number;
  readonly clippedSteps: number;
  /** clippedSteps / steps (0 before the first step) */
  readonly fraction: number;
  /** the first step (1-based update count) that was clipped, or null */
  readonly firstClippedStep: number | null;
  /** the global ‖g‖₂ of the last step before and after clipping */
  readonly preNorm: number;
  readonly postNorm: number;
  readonly clipped: boolean;
  /** the largest global ‖g‖₂ seen before clipping */
  readonly maxPreNorm: number;
}

export interface GradientClipper {
  stats(): ClipStats;
  /** remove the clipping from the optimizer */
  dispose(): void;
}

/** Per tensor: [‖g_k‖², max |g_k|], read in one transfer. */
function tensorSums(grads: Gradients): { squares: number[]; maxAbs: number[] } {
  const v = tf.tidy(() =>
    tf.stack(grads.flatMap(({ tensor }) => [tf.sum(tf.square(tensor)), tf.max(tf.abs(tensor))])),
  );
  const data = v.dataSync();
  v.dispose();
  const squares: number[] = [];
  const maxAbs: number[] = [];
  for (let k = 0; k < grads.length; k++) {
    squares.push(data[2 * k]!);
    maxAbs.push(data[2 * k + 1]!);
  }
  return { squares, maxAbs };
}

const total = (squares: readonly number[]): number => Math.sqrt(squares.reduce((a, b) => a + b, 0));

export function clipGradients(optimizer: tf.Optimizer, opts: ClipOptions): GradientClipper {
  if (!CLIP_MODES.includes(opts.mode)) {
    throw new UsageError('clipGradients: mode', `one of ${CLIP_MODES.join(', ')}`, String(opts.mode));
  }
  if (!(opts.max > 0) || !Number.isFinite(opts.max)) {
    throw new UsageError('clipGradients: max', 'a finite number > 0', opts.max);
  }
  if (!optimizer || typeof optimizer.applyGradients !== 'function') {
    throw new UsageError('clipGradients: optimizer', 'a tfjs Optimizer', described(String(optimizer)));
  }
  const { mode, max } = opts;
  let steps = 0;
  let clippedSteps = 0;
  let firstClippedStep: number | null = null;
  let preNorm = Number.NaN;
  let postNorm = Number.NaN;
  let clipped = false;
  let maxPreNorm = 0;
  const clip = (grads: Gradients): Gradients => {
    const { squares, maxAbs } = tensorSums(grads);
    preNorm = total(squares);
    // NOTE: a NaN/Inf gradient is left as it is, as gradscope does: the watcher names the first bad tensor
    const scales: (number | null)[] = grads.map(() => null);
    if (Number.isFinite(preNorm)) {
      if (mode === 'global') {
        const coef = max / (preNorm + CLIP_NORM_EPS);
        if (coef < 1) scales.fill(coef);
      } else if (mode === 'perTensor') {
        squares.forEach((s, k) => {
          const n = Math.sqrt(s);
          if (n > max) scales[k] = max / n;
        });
      }
    }
    const byValue = mode === 'value' && Number.isFinite(preNorm);
    const changed = grads.map((_, k) => scales[k] !== null || (byValue && maxAbs[k]! > max));
    clipped = changed.some(Boolean);
    const out = grads.map(({ name, tensor }, k) => {
      if (!changed[k]) return { name, tensor };
      const s = scales[k];
      return {
        name,
        tensor: s !== null && s !== undefined ? tf.mul(tensor, s) : tf.clipByValue(tensor, -max, max),
      };
    });
    postNorm = clipped ? total(tensorSums(out).squares) : preNorm;
    return out;
  };
  const key = ({ global: 'clipNorm', perTensor: 'clipLayerNorm', value: 'clipValue' } as const)[mode];
  const remove = addStage(optimizer, {
    kind: 'transform',
    settings: { [key]: max },
    transform(grads, ctx) {
      const out = clip(grads);
      const before = ctx.clip;
      ctx.clip = {
        preNorm: before?.preNorm ?? preNorm,
        postNorm,
        clipped: clipped || (before?.clipped ?? false),
      };
      steps++;
      if (Number.isFinite(preNorm)) maxPreNorm = Math.max(maxPreNorm, preNorm);
      if (clipped) {
        clippedSteps++;
        firstClippedStep ??= ctx.step + 1;
      }
      return out;
    },
  });
  return {
    stats: () => ({
      mode,
      max,
      steps,
      clippedSteps,
      fraction: steps === 0 ? 0 : clippedSteps / steps,
      firstClippedStep,
      preNorm,
      postNorm,
      clipped,
      maxPreNorm,
    }),
    dispose: remove,
  };
}
