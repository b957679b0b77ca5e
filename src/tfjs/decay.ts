// Decoupled weight decay for a tfjs optimizer: W ← W − ηλW on each decayed variable, then the optimizer's
// own step with the unchanged gradient. On a tfjs Adam this is AdamW.
// reference: torch.optim.AdamW (param.mul_(1 − lr·weight_decay) before the Adam update); the same update as
// gradscope's --optimizer adamw --weight-decay λ (src/core/optim/adam.ts).
// NOTE: like gradscope, the default decays Dense kernels only (variables named …/kernel), not biases or
// norm parameters; PyTorch decays whatever parameters it is given, which `decay: 'all'` reproduces.

import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from '../index.js';
import { addStage } from './pipeline.js';
import { described } from './words.js';

export interface WeightDecayOptions {
  /** λ: each step multiplies a decayed variable by 1 − ηλ */
  readonly weightDecay: number;
  /** which variables decay: Dense kernels (default), all, or a predicate on the variable name */
  readonly decay?: 'kernels' | 'all' | ((name: string) => boolean);
}

export interface WeightDecay {
  /** λ and the learning rate η read from the optimizer */
  readonly weightDecay: number;
  readonly lr: number;
  /** steps on which the decay was applied */
  steps(): number;
  dispose(): void;
}

const isKernel = (name: string): boolean => /(^|\/)kernel(_\d+)?$/.test(name);

/** The optimizer's learning rate η, from its serializable config. */
export function learningRateOf(optimizer: tf.Optimizer): number {
  const lr = (optimizer.getConfig() as { learningRate?: unknown }).learningRate;
  return typeof lr === 'number' ? lr : Number.NaN;
}

export function decoupledWeightDecay(optimizer: tf.Optimizer, opts: WeightDecayOptions): WeightDecay {
  const name = 'decoupledWeightDecay';
  if (!optimizer || typeof optimizer.applyGradients !== 'function') {
    throw new UsageError(`${name}: optimizer`, 'a tfjs Optimizer', described(String(optimizer)));
  }
  const lambda = opts.weightDecay;
  if (!(lambda >= 0) || !Number.isFinite(lambda)) {
    throw new UsageError(`${name}: weightDecay`, 'a finite number ≥ 0', lambda);
  }
  const lr = learningRateOf(optimizer);
  if (!(lr > 0)) {
    throw new UsageError(`${name}: optimizer`, 'an optimizer with a learningRate', optimizer.getClassName());
  }
  const rule = opts.decay ?? 'kernels';
  const decays = rule === 'all' ? () => true : rule === 'kernels' ? isKernel : rule;
  const shrink = 1 - lr * lambda;
  let steps = 0;
  const remove = addStage(optimizer, {
    kind: 'decay',
    settings: { weightDecay: lambda },
    decay(grads) {
      steps++;
      if (lambda === 0) return;
      const vars = tf.engine().registeredVariables;
      tf.tidy(() => {
        for (const { name: v } of grads) {
          const variable = vars[v];
          if (variable && decays(v)) variable.assign(tf.mul(variable, shrink));
        }
      });
    },
  });
  return { weightDecay: lambda, lr, steps: () => steps, dispose: remove };
}

/** AdamW: a tfjs Adam with decoupled weight decay λ (torch.optim.AdamW's defaults: λ = 0.01). */
export function adamW(
  args: { lr?: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number } = {},
): { optimizer: tf.AdamOptimizer; decay: WeightDecay } {
  // NOTE: tfjs's Adam defaults ε to the backend's epsilon (1e-7 in float32); PyTorch's is 1e-8
  const optimizer = tf.train.adam(args.lr ?? 1e-3, args.beta1 ?? 0.9, args.beta2 ?? 0.999, args.eps ?? 1e-8);
  const decay = decoupledWeightDecay(optimizer, { weightDecay: args.weightDecay ?? 0.01 });
  return { optimizer, decay };
}
