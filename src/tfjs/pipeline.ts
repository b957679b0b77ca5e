// The one interception point: every path of model.fit, trainOnBatch and fitDataset ends in
// optimizer.minimize → computeGradients → applyGradients (tfjs-core/src/optimizers/optimizer.ts).
// A pipeline replaces applyGradients on one optimizer and runs its stages around the original:
//   1. transforms (clipping), in the order installed: each may replace the gradients;
//   2. `before` hooks (the watcher: the gradients as applied, the weights before the step);
//   3. decays (decoupled weight decay: W ← W − ηλW before the optimizer's own step);
//   4. the optimizer's own applyGradients;
//   5. `after` hooks (the watcher: the weights after the step).
// computeGradients is wrapped too, only to keep the step's loss (a scalar tfjs already holds) for the hooks.
// Removing the last stage restores both methods.

import type { NamedTensorMap, Optimizer, Scalar, Tensor } from '@tensorflow/tfjs-core';

/** tfjs-core's NamedTensor (its index does not export the name) */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

export type Gradients = readonly NamedTensor[];

/** The global ‖g‖₂ before and after the transforms of one step, and whether they changed it. */
export interface ClipReading {
  readonly preNorm: number;
  readonly postNorm: number;
  readonly clipped: boolean;
}

/** What the stages of a pipeline say about the update, in gradscope's setting names. */
export interface StageSettings {
  readonly clipNorm?: number;
  readonly clipLayerNorm?: number;
  readonly clipValue?: number;
  readonly weightDecay?: number;
}

export interface StepContext {
  /** updates applied before this one (0 on the first) */
  readonly step: number;
  /** the loss computeGradients returned for this step, when minimize computed it */
  readonly loss: Scalar | null;
  /** set by a clipping transform; null when none ran */
  clip: ClipReading | null;
}

export interface Stage {
  readonly kind: 'transform' | 'observe' | 'decay';
  readonly settings?: StageSettings;
  /** transform: the gradients to apply instead; tensors it creates are disposed after the step */
  transform?(grads: Gradients, ctx: StepContext): Gradients;
  before?(grads: Gradients, ctx: StepContext): void;
  decay?(grads: Gradients, ctx: StepContext): void;
  after?(grads: Gradients, ctx: StepContext): void;
}

type ApplyGradients = (g: NamedTensorMap | NamedTensor[]) => void;
type ComputeGradients = Optimizer['computeGradients'];

interface Pipeline {
  readonly stages: Stage[];
  /** the optimizer's own properties these names had before (undefined: they came from its prototype) */
  readonly shadowed: Partial<Record<'applyGradients' | 'computeGradients', PropertyDescriptor>>;
  readonly original: { applyGradients: ApplyGradients; computeGradients: ComputeGradients };
  step: number;
  loss: Scalar | null;
}

const PIPELINE = Symbol.for('gradscope.tfjs.pipeline');
type Patched = Optimizer & { [PIPELINE]?: Pipeline };

function toList(g: NamedTensorMap | NamedTensor[]): NamedTensor[] {
  return Array.isArray(g) ? g : Object.keys(g).map((name) => ({ name, tensor: g[name]! }));
}

function install(opt: Patched): Pipeline {
  const existing = opt[PIPELINE];
  if (existing) return existing;
  // NOTE: bound to the optimizer, so the original runs with its own `this` whatever calls it
  const original = {
    applyGradients: opt.applyGradients.bind(opt) as ApplyGradients,
    computeGradients: opt.computeGradients.bind(opt) as ComputeGradients,
  };
  const shadowed: Pipeline['shadowed'] = {};
  for (const key of ['applyGradients', 'computeGradients'] as const) {
    const own = Object.getOwnPropertyDescriptor(opt, key);
    if (own) shadowed[key] = own;
  }
  const p: Pipeline = { stages: [], shadowed, original, step: 0, loss: null };
  opt.computeGradients = ((f, varList) => {
    const out = original.computeGradients(f, varList);
    p.loss = out.value;
    return out;
  }) as ComputeGradients;
  opt.applyGradients = (g) => {
    const ctx: StepContext = { step: p.step, loss: p.loss, clip: null };
    const given = toList(g);
    let grads: Gradients = given;
    const created: Tensor[] = [];
    try {
      for (const s of p.stages) {
        if (s.kind !== 'transform' || !s.transform) continue;
        const next = s.transform(grads, ctx);
        for (const { tensor } of next) if (!given.some((x) => x.tensor === tensor)) created.push(tensor);
        grads = next;
      }
      for (const s of p.stages) s.before?.(grads, ctx);
      for (const s of p.stages) if (s.kind === 'decay') s.decay?.(grads, ctx);
      original.applyGradients(
        Array.isArray(g) ? [...grads] : Object.fromEntries(grads.map((n) => [n.name, n.tensor])),
      );
      p.step++;
      for (const s of p.stages) s.after?.(grads, ctx);
    } finally {
      for (const t of created) if (!t.isDisposed) t.dispose();
      p.loss = null;
    }
  };
  opt[PIPELINE] = p;
  return p;
}

/** Add a stage to the optimizer's pipeline; the returned function removes it (and the pipeline with the last). */
export function addStage(opt: Optimizer, stage: Stage): () => void {
  const patched = opt as Patched;
  const p = install(patched);
  p.stages.push(stage);
  return () => {
    const i = p.stages.indexOf(stage);
    if (i >= 0) p.stages.splice(i, 1);
    if (p.stages.length === 0 && patched[PIPELINE] === p) {
      for (const key of ['applyGradients', 'computeGradients'] as const) {
        const own = p.shadowed[key];
        if (own) Object.defineProperty(patched, key, own);
        else delete (patched as Partial<Record<typeof key, unknown>>)[key]; // the prototype's method again
      }
      delete patched[PIPELINE];
    }
  };
}

/** Updates this optimizer has applied since a gradscope stage was first installed on it. */
export function stepsApplied(opt: Optimizer): number {
  return (opt as Patched)[PIPELINE]?.step ?? 0;
}

/** The settings every stage on this optimizer reports, merged. */
export function stageSettings(opt: Optimizer): StageSettings {
  return Object.assign({}, ...((opt as Patched)[PIPELINE]?.stages ?? []).map((s) => s.settings ?? {}));
}
