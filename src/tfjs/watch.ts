// watch(model, { every, probe }): gradscope's instruments on a compiled tfjs LayersModel. The watcher sits
// on the model's optimizer (pipeline.ts), so model.fit, trainOnBatch and fitDataset are all seen. Every
// step it reads one small vector (each gradient's ‖g‖² and the loss) to find the first NaN/Inf and the
// largest norm; on step 1 and every `every` steps it also measures each Dense layer: ‖∂L/∂K‖, ‖K‖, the
// update ratio, and on the probe batch the signal ∂ℓ/∂z, the activations and D_l (probe.ts).
// The numbers become a gradscope run document (record.ts) and go through the same verdict engine.

import * as tf from '@tensorflow/tfjs-core';
import type { CustomCallbackArgs, LayersModel, Logs } from '@tensorflow/tfjs-layers';
import { type Diagnosis, type NonFiniteEvent, type RunDocument, UsageError } from '../index.js';
import { mapModel } from './model-map.js';
import { addStage, type Gradients } from './pipeline.js';
import { probeModel } from './probe.js';
import { buildRunDocument, type ClipTally } from './record.js';
import type { WatchLayer, WatchStep } from './steps.js';
import { described } from './words.js';

export type { WatchLayer, WatchStep };

export interface WatchOptions {
  /** measure on step 1 and every `every` steps (default 10) */
  readonly every?: number;
  /** one batch the activations, the signal and D_l are measured on */
  readonly probe: { readonly x: tf.Tensor; readonly y: tf.Tensor };
  /** seeds the power iterations (default 0) */
  readonly seed?: number;
}

/** The first NaN/Inf, as the run document records it, and the backend it appeared on. */
export interface WatchNonFinite extends NonFiniteEvent {
  readonly backend: string;
}

export interface Watcher {
  /** pass to model.fit({ callbacks }) to count epochs and batch sizes; steps are seen without it */
  readonly callback: CustomCallbackArgs;
  history(): WatchStep[];
  nonFinite(): WatchNonFinite | null;
  /** the run document of what was measured so far, diagnosis included */
  document(): RunDocument;
  diagnosis(): Diagnosis;
  /** write DIR/config.json, metrics.jsonl, summary.json and tfjs.json (Node only) */
  save(dir: string): Promise<void>;
  /** take the watcher off the optimizer (the optimizer is as it was when the last stage goes) */
  dispose(): void;
}

function checkProbe(model: LayersModel, probe: WatchOptions['probe'] | undefined): void {
  if (!probe || !(probe.x instanceof tf.Tensor) || !(probe.y instanceof tf.Tensor)) {
    throw new UsageError(
      'watch: probe',
      '{ x, y }, one batch of tensors',
      described(probe === undefined ? 'nothing' : 'something else'),
    );
  }
  const want = model.inputs[0]!.shape;
  const got = probe.x.shape;
  if (got.length !== want.length || want.some((d, i) => d !== null && d !== got[i])) {
    throw new UsageError(
      'watch: probe.x',
      `shape [${want.map((d) => d ?? '*').join(', ')}]`,
      described(`[${got.join(', ')}]`),
    );
  }
  if (probe.y.shape[0] !== got[0]) {
    throw new UsageError('watch: probe.y', `${got[0]} rows (as probe.x)`, probe.y.shape[0]);
  }
}

export function watch(model: LayersModel, opts: WatchOptions): Watcher {
  const optimizer = (model as { optimizer?: tf.Optimizer }).optimizer;
  if (!optimizer) {
    throw new UsageError(
      'watch: model',
      'a compiled model (call model.compile({ optimizer, loss }) first)',
      described('a model that was never compiled'),
    );
  }
  const every = opts.every ?? 10;
  if (!Number.isInteger(every) || every < 1)
    throw new UsageError('watch: every', 'an integer ≥ 1', String(every));
  checkProbe(model, opts.probe);
  const map = mapModel(model);
  const { x, y } = opts.probe;
  const seed = opts.seed ?? 0;
  const steps: WatchStep[] = [];
  const clip: ClipTally = { steps: 0, clippedSteps: 0, firstClippedStep: null, maxPreNorm: 0 };
  let epoch = 0;
  let batchSize: number | null = null;
  let stepsSeen = 0;
  let nonFinite: WatchNonFinite | null = null;
  let pending: { step: WatchStep; before: tf.Tensor[] } | null = null;

  const record = (e: NonFiniteEvent): void => {
    nonFinite ??= { ...e, backend: tf.getBackend() };
  };

  const observe = (
    grads: Gradients,
    ctx: {
      step: number;
      loss: tf.Scalar | null;
      clip: { preNorm: number; postNorm: number; clipped: boolean } | null;
    },
  ) => {
    const s = ctx.step + 1;
    const v = tf.tidy(() =>
      tf.stack([
        ...grads.map(({ tensor }) => tf.sum(tf.square(tensor))),
        ctx.loss ? tf.reshape(ctx.loss, []) : tf.scalar(Number.NaN),
      ]),
    );
    const sums = v.dataSync();
    v.dispose();
    const loss = sums[grads.length]!;
    const byName = new Map(grads.map((g, k) => [g.name, sums[k]!]));
    let total = 0;
    for (let k = 0; k < grads.length; k++) total += sums[k]!;
    const norm = Math.sqrt(total);
    const pre = ctx.clip?.preNorm ?? norm;
    clip.steps++;
    if (Number.isFinite(pre)) clip.maxPreNorm = Math.max(clip.maxPreNorm, pre);
    if (ctx.clip?.clipped) {
      clip.clippedSteps++;
      clip.firstClippedStep ??= s;
    }
    const last = map.dense.length - 1;
    if (ctx.loss && !Number.isFinite(loss)) record({ step: s, tensor: 'loss', layer: last, phase: 'loss' });
    else {
      const bad = grads.findIndex((_, k) => !Number.isFinite(sums[k]!));
      if (bad >= 0) {
        const name = grads[bad]!.name;
        record({ step: s, tensor: `${name}.grad`, layer: map.layerOf.get(name) ?? last, phase: 'backward' });
      }
    }
    if (s !== 1 && s % every !== 0) return;
    const probe = probeModel(map, x, y, seed);
    probe.layers.forEach((l, i) => {
      if (l.nonFinite)
        record({ step: s, tensor: `${map.dense[i]!.name}.${l.nonFinite}`, layer: i, phase: 'forward' });
    });
    const gradOf = (name: string | undefined) =>
      name === undefined ? Number.NaN : Math.sqrt(byName.get(name) ?? Number.NaN);
    const layers = map.dense.map((d, i): WatchLayer => {
      const p = probe.layers[i]!;
      const next = probe.layers[i + 1];
      return {
        name: d.name,
        index: i,
        gradNorm: gradOf(d.kernel.name),
        biasGradNorm: d.bias ? gradOf(d.bias.name) : 0,
        weightNorm: Number.NaN,
        updateRatio: null,
        ...p,
        signalRatio: next ? p.signalGradNorm / next.signalGradNorm : null,
      };
    });
    const mean = (xs: readonly number[]) =>
      xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
    const max = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : Math.max(...xs));
    const violations = probe.endToEnd.filter((e, r) => e > probe.bound[r]! * (1 + 1e-2)).length;
    const step: WatchStep = {
      step: s,
      epoch,
      loss,
      gradNormTotal: norm,
      clipPreNorm: pre,
      clipPostNorm: ctx.clip?.postNorm ?? norm,
      clipped: ctx.clip?.clipped ?? false,
      probeLoss: probe.loss,
      ...(probe.accuracy === undefined ? {} : { probeAccuracy: probe.accuracy }),
      layers,
      jacobian:
        probe.endToEnd.length === 0
          ? null
          : {
              batch: probe.batch,
              endToEndMean: mean(probe.endToEnd),
              endToEndMax: max(probe.endToEnd),
              boundMean: mean(probe.bound),
              boundMax: max(probe.bound),
              boundViolations: violations,
              sharpnessMean: mean(probe.sharpness),
              sharpnessMax: max(probe.sharpness),
            },
    };
    pending = { step, before: map.dense.map((d) => tf.clone(d.kernel.read())) };
  };

  const afterStep = () => {
    stepsSeen++;
    if (!pending) return;
    const { step, before } = pending;
    pending = null;
    const v = tf.tidy(() =>
      tf.stack(
        map.dense.flatMap((d, i) => {
          const K = d.kernel.read();
          return [
            tf.sum(tf.square(K)),
            tf.sum(tf.square(tf.sub(K, before[i]!))),
            tf.sum(tf.square(before[i]!)),
          ];
        }),
      ),
    );
    const sums = v.dataSync();
    tf.dispose([v, ...before]);
    const layers = step.layers.map((l, i) => {
      const w = Math.sqrt(sums[3 * i]!);
      const was = Math.sqrt(sums[3 * i + 2]!);
      if (!Number.isFinite(w))
        record({ step: step.step, tensor: map.dense[i]!.kernel.name, layer: i, phase: 'update' });
      return { ...l, weightNorm: w, updateRatio: was > 0 ? Math.sqrt(sums[3 * i + 1]!) / was : null };
    });
    steps.push({ ...step, layers });
  };

  const remove = addStage(optimizer, {
    kind: 'observe',
    before: (grads, ctx) => observe(grads, ctx),
    after: () => afterStep(),
  });

  const callback: CustomCallbackArgs = {
    onBatchEnd: async (_batch: number, logs?: Logs) => {
      if (typeof logs?.size === 'number') batchSize = logs.size;
    },
    onEpochEnd: async (e: number) => {
      epoch = e + 1;
    },
  };

  const document = (): RunDocument => {
    const final = probeModel(map, x, y, seed);
    return buildRunDocument({
      map,
      optimizer,
      every,
      steps,
      stepsSeen,
      epoch,
      batchSize: batchSize ?? x.shape[0]!,
      probe: { x: x.dataSync() as Float32Array, y: y.dataSync() as Float32Array, rows: x.shape[0]! },
      final: { loss: final.loss, ...(final.accuracy === undefined ? {} : { accuracy: final.accuracy }) },
      clip,
      nonFinite,
    });
  };

  return {
    callback,
    history: () => steps.map((s) => ({ ...s, layers: s.layers.map((l) => ({ ...l })) })),
    nonFinite: () => nonFinite,
    document,
    diagnosis: () => document().diagnosis,
    async save(dir: string) {
      const { saveRun } = await import('./save.js');
      await saveRun(dir, document(), { backend: tf.getBackend(), nonFinite, map, optimizer });
    },
    dispose() {
      if (pending) tf.dispose(pending.before);
      pending = null;
      remove();
    },
  };
}
