// The notes' penalty ½λ Σ_k ‖W_k‖_F² (coupled L2) and λ‖W‖₁ (L1), over Dense weight matrices only.
// Their gradients λ·W and λ·sign(W) are added to ∂L/∂W before clipping and the update.
// NOTE: PyTorch's SGD `weight_decay=λ` adds exactly λ·W, i.e. equals our --l2 λ; Keras'
// `regularizers.l2(λ)` penalises λ‖W‖² (no ½), so its gradient is 2λW: Keras l2(λ) = our --l2 2λ.

import type { Model } from './model.js';

/** ½λ Σ_k ‖W_k‖_F² + λ₁ Σ_k ‖W_k‖₁, summed in float64. */
export function penalty(model: Model, l2: number, l1: number): number {
  if (l2 === 0 && l1 === 0) return 0;
  let sq = 0;
  let abs = 0;
  for (const t of model.tensors) {
    if (!t.decay) continue;
    const w = t.value;
    for (let i = 0; i < t.size; i++) {
      sq += w[i]! * w[i]!;
      abs += Math.abs(w[i]!);
    }
  }
  return 0.5 * l2 * sq + l1 * abs;
}

/** ∂/∂W of the penalty, added into the gradient buffer: λ·W + λ₁·sign(W) (sign(0) = 0). */
export function addPenaltyGrad(model: Model, l2: number, l1: number): void {
  if (l2 === 0 && l1 === 0) return;
  for (const t of model.tensors) {
    if (!t.decay) continue;
    const w = t.value;
    const g = t.grad;
    for (let i = 0; i < t.size; i++) g[i] += l2 * w[i]! + l1 * Math.sign(w[i]!);
  }
}
