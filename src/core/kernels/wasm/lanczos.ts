// The Jacobian probe's Gram-path Lanczos on the WASM module (assembly/lanczos.ts): G, f' and the start
// rows are read in place from the module's memory; each step is the module's gemm y = x G over all rows,
// then one gramLanczosStep call for every row's recurrence, Ritz value and stopping test. The rows' state
// (float64 vectors, α, β, σ, done flags) lives in a region of the memory reserved on first use.
// reference: the plain loop of src/core/diagnostics/block-gram.ts (the twins agree to float32 rounding).
// B = rows, O = the block's output width, K = the step cap.

import type { Vec } from '../../tensor.js';
import type { Kernels } from '../types.js';
import type { Arena } from './arena.js';
import type { KernelExports } from './instantiate.js';

interface State {
  readonly B: number;
  readonly O: number;
  readonly K: number;
  readonly at: number; // byte offsets, in layout order
  readonly scale: Float64Array; // (B) c_r
  readonly sigma: Float64Array; // (B) √λ per row
}

/** Bytes of each part of the state, in layout order (every part a multiple of 64 bytes). */
function layout(B: number, O: number, K: number): number[] {
  const pad = (n: number) => Math.ceil(n / 64) * 64;
  // scale, sigma, done, dh, q, prev, x, y, alpha, beta, ritz
  return [
    8 * B,
    8 * B,
    B,
    8 * B * O,
    8 * B * O,
    8 * B * O,
    4 * B * O,
    4 * B * O,
    8 * K * B,
    8 * K * B,
    16 * K,
  ].map(pad);
}

export function createWasmGramLanczos(
  wasm: KernelExports,
  owns: (v: Vec) => v is Float32Array,
  arena: Arena,
  buffer: ArrayBufferLike,
): NonNullable<Kernels['gramLanczos']> {
  let state: State | null = null;
  const reserve = (B: number, O: number, K: number): State | null => {
    if (state && state.B >= B && state.O >= O && state.K >= K) return state;
    const [b, o, k] = [Math.max(B, state?.B ?? 0), Math.max(O, state?.O ?? 0), Math.max(K, state?.K ?? 0)];
    const bytes = layout(b, o, k).reduce((s, n) => s + n, 0);
    const at = arena.take(bytes);
    if (at < 0) return null;
    state = {
      B: b,
      O: o,
      K: k,
      at,
      scale: new Float64Array(buffer, at, b),
      sigma: new Float64Array(buffer, at + layout(b, o, k)[0]!, b),
    };
    return state;
  };
  return (out, G, fp, q, B, O, iterations, tolerance) => {
    if (!owns(G) || !owns(q) || (fp !== null && !owns(fp))) return false;
    if (G.length < O * O || q.length < B * O || (fp !== null && fp.length < B * O) || out.length < B)
      return false;
    const s = reserve(B, O, iterations);
    if (s === null) return false;
    const parts = layout(s.B, s.O, s.K);
    const ptr: number[] = [];
    for (let i = 0, p = s.at; i < parts.length; p += parts[i]!, i++) ptr.push(p);
    const [scale, sigma, done, dh, q0, prev0, x, y, alpha, beta, ritz] = ptr as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const f = fp === null ? 0 : fp.byteOffset;
    wasm.gramLanczosStart(f, q.byteOffset, B, O, scale, dh, q0, prev0, x, sigma, done);
    let qk = q0;
    let pk = prev0;
    for (let k = 0; k < iterations; k++) {
      wasm.gemmNT(y, x, G.byteOffset, B, O, O, 0); // y = x Gᵀ = x G
      const running = wasm.gramLanczosStep(
        y,
        dh,
        qk,
        pk,
        x,
        alpha,
        beta,
        sigma,
        done,
        B,
        O,
        k,
        iterations,
        tolerance,
        ritz,
      );
      const t = qk;
      qk = pk;
      pk = t;
      if (running === 0) break;
    }
    for (let r = 0; r < B; r++) out[r] = s.sigma[r]! * s.scale[r]!;
    return true;
  };
}
