// The WASM loss twins against the plain losses (src/core/losses.ts): MSE bit for bit; BCE and CE to 1e-14
// relative in the loss and one float32 ulp in dLogits (exp/log may round their last bit differently),
// on odd shapes and logits large enough to overflow a naive exp.

import { beforeAll, describe, expect, it } from 'vitest';
import { getLoss, type LossName } from '../../losses.js';
import { createRng } from '../../rng.js';
import { createWasmKernels, type WasmKernels } from './index.js';

let wk: WasmKernels;
beforeAll(async () => {
  wk = await createWasmKernels({ memoryBytes: 8 * 1024 * 1024 });
});

const SHAPES: [number, number][] = [
  [1, 1],
  [3, 2],
  [10, 1],
  [17, 10],
  [128, 10],
];

function batch(name: LossName, B: number, O: number, seed: number) {
  const rng = createRng(seed);
  const logits = wk.alloc('float32', B * O) as Float32Array;
  for (let i = 0; i < B * O; i++) logits[i] = i === 0 ? 90 : i === 1 ? -95 : 4 * rng.normal();
  const T = name === 'mse' ? O : 1;
  const targets = Float64Array.from({ length: B * T }, () =>
    name === 'mse' ? rng.normal() : name === 'bce' ? rng.int(2) : rng.int(O),
  );
  return { logits, targets };
}

describe('wasm losses match the plain losses', () => {
  for (const name of ['mse', 'bce', 'ce'] as const) {
    it(`${name}: the mean loss and ∂mean/∂logits on odd shapes`, () => {
      const plain = getLoss(name);
      const twin = wk.lossTwin(name, (z, y, B, O, dz) => plain.forwardBackward(z, y, B, O, dz));
      for (const [B, O] of SHAPES) {
        const o = name === 'bce' ? 1 : O;
        const { logits, targets } = batch(name, B, o, B * 7 + o);
        const got = wk.alloc('float32', B * o) as Float32Array;
        const want = new Float32Array(B * o);
        const lossGot = twin(logits, targets, B, o, got);
        const lossWant = plain.forwardBackward(logits, targets, B, o, want);
        expect(wk.owns(got)).toBe(true);
        if (name === 'mse') {
          expect(lossGot).toBe(lossWant);
          expect(got).toEqual(want);
        } else {
          expect(Math.abs(lossGot - lossWant), `${B}×${o}`).toBeLessThanOrEqual(1e-14 * Math.abs(lossWant));
          for (let i = 0; i < B * o; i++)
            expect(Math.abs(got[i]! - want[i]!), `${B}×${o} [${i}]`).toBeLessThanOrEqual(
              Math.abs(want[i]!) * 2 ** -23,
            );
        }
        // the loss alone (evaluation: no dLogits)
        expect(twin(logits, targets, B, o, null)).toBe(lossGot);
      }
    });
  }

  it('logits outside the WASM memory take the plain loss', () => {
    const plain = getLoss('ce');
    const logits = Float32Array.from([1, 2, 3, 0.5, -1, 2]);
    const targets = [2, 0];
    expect(wk.lossTwin('ce', plain.forwardBackward)(logits, targets, 2, 3, null)).toBe(
      plain.forwardBackward(logits, targets, 2, 3, null),
    );
  });
});
