// PyTorch as an independent reference: one /usr/bin/python3 process runs test/torch/parity.py on a batch
// of cases (importing torch costs ~1–2 s, so cases are never run one process each).

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Model } from '../../src/core/model.js';
import type { Trainer } from '../../src/core/train/trainer.js';

/** Debian's python3-torch lives with the system interpreter, not with a pyenv `python3` on PATH. */
export const TORCH_PYTHON = '/usr/bin/python3';
export const PARITY_SCRIPT = resolve(import.meta.dirname, '../torch/parity.py');

export type Tensors = Record<string, { shape: readonly number[]; data: number[] }>;

/** The network as parity.py builds it; dims = [input, ...hidden, output]. */
export interface TorchNet {
  readonly dims: readonly number[];
  readonly activation: string;
  readonly loss: 'mse' | 'bce' | 'ce';
  readonly norm: 'none' | 'layer' | 'batch';
  readonly residual: boolean;
  readonly residual_scale: number | 'auto';
}

/** One case for parity.py; `kind` picks its runner, the other fields are that runner's inputs. */
export interface TorchCase {
  readonly id: string;
  readonly kind: 'grads' | 'optim' | 'clip' | 'safetensors';
  readonly [field: string]: unknown;
}

/** What parity.py returns for a case; fields depend on the kind. */
export interface TorchResult {
  readonly id: string;
  readonly loss?: number;
  readonly penalty?: number;
  readonly eval_loss?: number;
  readonly losses?: number[];
  readonly grads?: Record<string, number[]>;
  readonly params?: Record<string, number[]>;
  readonly state?: Record<string, number[]>;
  readonly pre_norm?: number;
  readonly post_norm?: number;
  readonly clip_grad_norm_total?: number;
  readonly header_length?: number;
  readonly metadata?: Record<string, string>;
  readonly tensors?: Record<string, { dtype: string; shape: number[]; data: number[] }>;
  readonly problems?: string[];
}

/** null when `import torch` works in TORCH_PYTHON, otherwise why not. */
export function torchUnavailable(): string | null {
  const r = spawnSync(TORCH_PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) return `${TORCH_PYTHON} cannot run: ${r.error.message}`;
  if (r.status !== 0) return `${TORCH_PYTHON} -c "import torch" failed: ${r.stderr.trim().split('\n').pop()}`;
  return null;
}

/** Run every case in one Python process; results come back in the order of `cases`. */
export function runTorch(cases: readonly TorchCase[]): { torch: string; results: TorchResult[] } {
  const r = spawnSync(TORCH_PYTHON, [PARITY_SCRIPT], {
    input: JSON.stringify({ cases }),
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw new Error(`parity.py: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`parity.py exited with ${r.status}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as { torch: string; results: TorchResult[] };
}

/** Every parameter tensor of a model by its safetensors name, copied. */
export function paramsOf(model: Model): Tensors {
  return Object.fromEntries(
    model.tensors.map((t) => [t.name, { shape: t.shape, data: Array.from(t.value) }]),
  );
}

/** Every parameter tensor's values by name, copied. */
export function valuesOf(model: Model): Record<string, number[]> {
  return Object.fromEntries(model.tensors.map((t) => [t.name, Array.from(t.value)]));
}

export function gradsOf(model: Model): Record<string, number[]> {
  return Object.fromEntries(model.tensors.map((t) => [t.name, Array.from(t.grad)]));
}

export function stateOf(model: Model): Record<string, number[]> {
  return Object.fromEntries(model.state.map((s) => [s.name, Array.from(s.value)]));
}

/** The rows the trainer's last step or probe used: model.input (B, D) and trainer.targets (B, T). */
export function lastBatch(trainer: Trainer, B: number): { batch: number; x: number[]; y: number[] } {
  const { inputDim, targetDim } = trainer.data.train;
  return {
    batch: B,
    x: Array.from(trainer.model.input.subarray(0, B * inputDim)),
    y: Array.from(trainer.targets.subarray(0, B * targetDim)),
  };
}

/** The network spec parity.py needs, read from the trainer's resolved config (never from the model). */
export function torchNet(trainer: Trainer): TorchNet {
  const c = trainer.config;
  const ds = trainer.data.train;
  const outputDim =
    trainer.plan.loss === 'ce' ? (ds.numClasses ?? 2) : trainer.plan.loss === 'bce' ? 1 : ds.targetDim;
  return {
    dims: [ds.inputDim, ...c.hidden, outputDim],
    activation: c.activation,
    loss: trainer.plan.loss,
    norm: c.norm,
    residual: c.residual,
    residual_scale: c.residualScale,
  };
}

/**
 * max_i |ours_i − ref_i| / max(max_i |ref_i|, floor): the error relative to the tensor's scale, so an element
 * that is ~0 by cancellation (a bias gradient summed over the batch) is judged against its tensor, not 0.
 * `floor` is for tensors that are 0 in exact arithmetic, such as the bias of a Dense layer that BatchNorm
 * follows: both sides are then rounding noise (~1e-17), to be judged against the other tensors' scale.
 */
export function tensorRelError(ours: ArrayLike<number>, ref: ArrayLike<number>, floor = 0): number {
  if (ours.length !== ref.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(ours[i]! - ref[i]!));
    scale = Math.max(scale, Math.abs(ref[i]!));
  }
  if (Number.isNaN(diff)) return Number.POSITIVE_INFINITY;
  return scale === 0 ? diff : diff / scale;
}

/** |a − b| / max(|a|, |b|), 0 when both are 0. */
export function scalarRelError(a: number, b: number): number {
  const d = Math.abs(a - b);
  return d === 0 ? 0 : d / Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Per-name tensorRelError over the union of names; a name missing on either side counts as Infinity.
 * The floor is `floorFraction` of the largest |value| over all of `ref`'s tensors.
 */
export function compareTensors(
  ours: Record<string, ArrayLike<number>>,
  ref: Record<string, ArrayLike<number>>,
  floorFraction = 0,
): Record<string, number> {
  let largest = 0;
  for (const v of Object.values(ref))
    for (let i = 0; i < v.length; i++) largest = Math.max(largest, Math.abs(v[i]!));
  const floor = floorFraction * largest;
  const names = new Set([...Object.keys(ours), ...Object.keys(ref)]);
  const out: Record<string, number> = {};
  for (const name of names) {
    const a = ours[name];
    const b = ref[name];
    out[name] = a && b ? tensorRelError(a, b, floor) : Number.POSITIVE_INFINITY;
  }
  return out;
}
