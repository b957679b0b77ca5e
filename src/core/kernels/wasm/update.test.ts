// The WASM optimizer-update kernels against their plain twins (src/core/kernels/update.ts): bit for bit,
// on odd sizes, with a random decay mask and gradients over several orders of magnitude.

import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../rng.js';
import { referenceUpdate } from '../update.js';
import { createWasmKernels, type WasmKernels } from './index.js';

let wk: WasmKernels;
beforeAll(async () => {
  wk = await createWasmKernels({ memoryBytes: 8 * 1024 * 1024 });
});

const SIZES = [1, 3, 7, 17, 250, 1001];

/** the same n random values, inside the WASM memory and as a plain copy */
function pair(n: number, rng: Rng, scale: number, positive = false): [Float32Array, Float32Array] {
  const inside = wk.alloc('float32', n) as Float32Array;
  for (let i = 0; i < n; i++) {
    const x = scale * rng.normal() * 10 ** (2 * rng.next() - 1);
    inside[i] = positive ? x * x : x;
  }
  return [inside, inside.slice()];
}

function masks(n: number, rng: Rng): [Uint8Array, Uint8Array] {
  const inside = wk.update.allocMask(n);
  for (let i = 0; i < n; i++) inside[i] = rng.next() < 0.6 ? 1 : 0;
  return [inside, inside.slice()];
}

describe('wasm optimizer updates equal the reference loops bit for bit', () => {
  it('sgd: W ← (mask ? W·(1 − ηλ) : W) − η·g', () => {
    const rng = createRng(1);
    for (const n of SIZES) {
      const [w, w0] = pair(n, rng, 1);
      const [g, g0] = pair(n, rng, 0.1);
      const [mask, mask0] = masks(n, rng);
      wk.update.sgd(w, g, mask, 0.03, 1 - 0.03 * 0.1);
      referenceUpdate.sgd(w0, g0, mask0, 0.03, 1 - 0.03 * 0.1);
      expect(w, `n = ${n}`).toEqual(w0);
      expect(wk.owns(w)).toBe(true);
    }
  });

  for (const nesterov of [false, true]) {
    it(`momentum (nesterov ${nesterov}): the buffer and the weights over three steps`, () => {
      const rng = createRng(2);
      for (const n of SIZES) {
        const [w, w0] = pair(n, rng, 1);
        const [b, b0] = pair(n, rng, 0.1);
        const [mask, mask0] = masks(n, rng);
        for (let t = 0; t < 3; t++) {
          const [g, g0] = pair(n, rng, 0.1);
          wk.update.momentum(w, g, b, mask, 0.01, 1 - 0.01 * 0.05, 0.9, nesterov);
          referenceUpdate.momentum(w0, g0, b0, mask0, 0.01, 1 - 0.01 * 0.05, 0.9, nesterov);
        }
        expect(w, `n = ${n}`).toEqual(w0);
        expect(b, `n = ${n}`).toEqual(b0);
      }
    });
  }

  it('adam: m, v and the weights over three bias-corrected steps', () => {
    const rng = createRng(3);
    const [beta1, beta2, eps, lr] = [0.9, 0.999, 1e-8, 1e-3];
    for (const n of SIZES) {
      const [w, w0] = pair(n, rng, 1);
      const [m, m0] = pair(n, rng, 0.01);
      const [v, v0] = pair(n, rng, 0.01, true);
      const [mask, mask0] = masks(n, rng);
      for (let t = 1; t <= 3; t++) {
        const [g, g0] = pair(n, rng, 0.1);
        const stepSize = lr / (1 - beta1 ** t);
        const bc2 = Math.sqrt(1 - beta2 ** t);
        wk.update.adam(w, g, m, v, mask, stepSize, bc2, beta1, beta2, eps, 1 - lr * 0.01);
        referenceUpdate.adam(w0, g0, m0, v0, mask0, stepSize, bc2, beta1, beta2, eps, 1 - lr * 0.01);
      }
      expect(w, `n = ${n}`).toEqual(w0);
      expect(m, `n = ${n}`).toEqual(m0);
      expect(v, `n = ${n}`).toEqual(v0);
    }
  });

  it('buffers outside the WASM memory take the plain loop, with the same result', () => {
    const rng = createRng(4);
    const [w, w0] = pair(33, rng, 1);
    const [g] = pair(33, rng, 0.1);
    const [mask] = masks(33, rng);
    const outside = w0.slice();
    wk.update.sgd(outside, g.slice(), mask, 0.1, 1);
    wk.update.sgd(w, g, mask, 0.1, 1);
    expect(wk.owns(outside)).toBe(false);
    expect(outside).toEqual(w);
    expect(outside).not.toEqual(w0);
  });
});
