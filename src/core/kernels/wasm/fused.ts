// The fused Dense-MLP step on the WASM module (assembly/step.ts: denseTrainStep): the host writes the
// step's plan once (every buffer's byte offset, the dims, the loss, the clip), then each step writes the
// batch's indices and the captured update and makes one call. Offered only where every buffer and a copy
// of the training set lie in the module's memory and the activations and loss have WASM twins. With a GEMM
// worker the step's large products are split inside that one call (assembly/threads.ts).
// reference: the layers' step on these kernels (src/core/train/trainer.ts), bit for bit.

import { UsageError } from '../../errors.js';
import type { Vec } from '../../tensor.js';
import type { FusedKernels, FusedResult, FusedStep } from '../fused.js';
import type { Arena } from './arena.js';
import type { Resident } from './gather.js';
import type { KernelExports } from './instantiate.js';
import { UPDATE_WORDS, type WasmUpdate } from './update.js';

// the plan's words (assembly/step.ts names them)
const P = {
  L: 0,
  B: 1,
  loss: 2,
  out: 3,
  dLogits: 4,
  targets: 5,
  xData: 7,
  yData: 8,
  idx: 9,
  D: 10,
  T: 11,
  input: 12,
  grads: 13,
  size: 14,
  clipOn: 15,
  clipNorm: 16,
  clipEps: 17,
  update: 18,
  result: 32,
  l2: 37,
  l1: 38,
  decay: 39,
  decayCount: 40,
  params: 41,
  blocks: 48,
} as const;
const BLOCK_WORDS = 16;
const LOSS_CODE: Record<string, number> = { mse: 1, bce: 2, ce: 3 };

/** 1 relu, 2 leaky-relu (with its slope), 3 tanh; 0 for none; −1: no WASM twin */
function activationCode(spec: string | null): [number, number] {
  if (spec === null) return [0, 0];
  if (spec === 'relu') return [1, 0];
  if (spec === 'tanh') return [3, 0];
  if (spec.startsWith('leaky-relu:')) return [2, Number(spec.slice('leaky-relu:'.length))];
  return [-1, 0];
}

export function createWasmFused(
  wasm: KernelExports,
  owns: (v: Vec) => v is Float32Array,
  arena: Arena,
  buffer: ArrayBufferLike,
  parts: { update: WasmUpdate; resident: Resident },
): FusedKernels {
  return {
    compile(spec) {
      const lossCode = LOSS_CODE[spec.loss];
      if (lossCode === undefined) return `no WASM twin of the loss ${spec.loss}`;
      const buffers: (Vec | null)[] = [spec.input, spec.params, spec.grads, spec.dLogits];
      for (const b of spec.blocks)
        buffers.push(b.x, b.weight, b.bias, b.dWeight, b.dBias, b.z, b.a, b.d, b.dz);
      if (!buffers.every((v) => v === null || owns(v))) return 'a buffer lies outside the WASM memory';
      const codes = spec.blocks.map((b) => activationCode(b.activation));
      const bad = spec.blocks.findIndex((_, l) => codes[l]![0] < 0);
      if (bad >= 0) return `no WASM twin of the activation ${spec.blocks[bad]!.activation}`;
      // the kernel gathers the batch from copies of the training set in the memory (as gatherRows does)
      const xAt = parts.resident(spec.data.x);
      const yAt = xAt < 0 ? -1 : parts.resident(spec.data.y);
      if (yAt < 0) return 'the training set does not fit in the WASM memory';
      const L = spec.blocks.length;
      const { D, T } = spec.data;
      const cap = spec.capacity;
      const planAt = arena.take((P.blocks + L * BLOCK_WORDS) * 8);
      const targetsAt = arena.take(cap * T * 8);
      const idxAt = arena.take(cap * 4);
      const decayAt = arena.take(Math.max(1, spec.decay.length) * 16);
      const dxAt = spec.blocks.map((b, l) => (l > 0 ? arena.take(cap * b.inDim * 4) : 0));
      if (planAt < 0 || targetsAt < 0 || idxAt < 0 || decayAt < 0 || dxAt.some((o) => o < 0))
        return 'the WASM arena is full';
      const plan = new Float64Array(buffer, planAt, P.blocks + L * BLOCK_WORDS);
      const targets = new Float64Array(buffer, targetsAt, cap * T);
      const idx = new Uint32Array(buffer, idxAt, cap);
      const at = (v: Vec | null): number => (v === null ? 0 : v.byteOffset);
      plan[P.L] = L;
      plan[P.loss] = lossCode;
      plan[P.out] = spec.blocks[L - 1]!.outDim;
      plan[P.dLogits] = at(spec.dLogits);
      plan[P.targets] = targetsAt;
      plan[P.xData] = xAt;
      plan[P.yData] = yAt;
      plan[P.idx] = idxAt;
      plan[P.D] = D;
      plan[P.T] = T;
      plan[P.input] = at(spec.input);
      plan[P.grads] = at(spec.grads);
      plan[P.size] = spec.grads.length;
      plan[P.clipOn] = spec.clipNorm === null ? 0 : 1;
      plan[P.clipNorm] = spec.clipNorm ?? 0;
      plan[P.clipEps] = spec.clipEps;
      plan[P.l2] = spec.l2;
      plan[P.l1] = spec.l1;
      plan[P.decay] = decayAt;
      plan[P.decayCount] = spec.decay.length;
      plan[P.params] = at(spec.params);
      new Float64Array(buffer, decayAt, 2 * spec.decay.length).set(
        spec.decay.flatMap((t) => [t.offset, t.size]),
      );
      spec.blocks.forEach((b, l) => {
        const o = P.blocks + l * BLOCK_WORDS;
        const words = [b.x, b.weight, b.bias, b.dWeight, b.dBias, b.z, b.a, b.d, b.dz].map(at);
        plan.set(words, o);
        plan[o + 9] = dxAt[l]!;
        plan[o + 10] = b.inDim;
        plan[o + 11] = b.outDim;
        plan[o + 12] = codes[l]![0];
        plan[o + 13] = codes[l]![1];
      });
      const updateWords = plan.subarray(P.update, P.update + UPDATE_WORDS);
      const result: FusedResult = { loss: 0, penalty: 0, preNorm: 0, postNorm: 0, clipped: false };
      const rows = spec.data.x.length / D;
      const step: FusedStep = {
        targets,
        captureUpdate(apply) {
          updateWords[0] = 0;
          parts.update.capture(updateWords);
          try {
            apply();
          } finally {
            parts.update.capture(null);
          }
          return updateWords[0]! > 0;
        },
        run(ix) {
          const B = ix.length;
          if (!(B <= cap)) throw new UsageError('fused step: rows', `at most ${cap}`, B);
          // NOTE: the kernel reads raw memory, so an index past the data set would read its neighbour
          for (let r = 0; r < B; r++) {
            const i = ix[r]!;
            if (!(i < rows)) throw new UsageError('fused step: idx', `indices below ${rows}`, i);
            idx[r] = i;
          }
          plan[P.B] = B;
          wasm.denseTrainStep(planAt);
          result.loss = plan[P.result]!;
          result.preNorm = plan[P.result + 1]!;
          result.postNorm = plan[P.result + 2]!;
          result.clipped = plan[P.result + 3] !== 0;
          result.penalty = plan[P.result + 4]!;
          return result;
        },
      };
      return step;
    },
  };
}
