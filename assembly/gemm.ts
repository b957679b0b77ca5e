// WebAssembly SIMD GEMM for the three forms a Dense layer needs, compiled by AssemblyScript.
// reference: Goto & van de Geijn, "Anatomy of High-Performance Matrix Multiplication" (2008); BLIS.
// Plain TypeScript twin: src/core/kernels/reference.ts (gemmNT, gemmTN, gemmNN).
//
// C[M,N] (+)= op(A)[M,K] · op(B)[K,N]. Every form is one strided view:
//   opA(i,k) = A[i*rsA + k*csA]     opB(k,j) = B[k*rsB + j*csB]
// Loop nest (BLIS): for each NC-column block, for each KC-deep slice, pack op(B) into NR-wide panels;
// for each MC-row block pack op(A) into MR-tall panels; then an MR×NR micro-kernel keeps the whole
// C tile in f32x4 registers while it walks KC. Pointers are byte addresses of f32 data.
// Two micro-tiles: 5×8 (10 accumulators + 2 B + 1 broadcast = 13 of the 16 SIMD registers) runs 10–17%
// faster on W2-sized and larger products (bench/compare/gemm-tile.js); 4×8 stays for short M (< 128, e.g.
// W3's batch of 64), where a 5-row tile leaves a slow edge tile. 6×8 (15 registers) spills and runs ~30%
// slower. Either tile sums each C element over k in the same order, so the results are bit-identical.

import { packA, packB } from './pack';
import { gemmSplit } from './threads';

export const MR: i32 = 4; // micro-tile rows for short M: 4 broadcasts of op(A)
export const MR_TALL: i32 = 5; // micro-tile rows for M ≥ TALL_M
export const TALL_M: i32 = 128;
export const NR: i32 = 8; // micro-tile cols: 2 × f32x4 of op(B)
export const KC: i32 = 256; // (KC, NR) B panel = 8 KiB, stays in L1 across an MC block
export const MC: i32 = 60; // (MC, KC) packed A = 60 KiB, stays in L2 (a multiple of both tiles' rows)
export const NC: i32 = 512; // (KC, NC) packed B = 512 KiB, stays in L2/L3

let packedA: usize = 0; // (MC, KC) as MC/MR panels of (KC, MR)
let packedB: usize = 0; // (KC, NC) as NC/NR panels of (KC, NR)
let edge: usize = 0; // (MR, NR) spill for tiles cut by the matrix edge

/** Bytes of scratch the GEMM needs; the host reserves them once and passes the address to setScratch. */
export function gemmScratchBytes(): usize {
  return (<usize>(MC * KC + KC * NC + MR_TALL * NR)) << 2;
}

export function setGemmScratch(ptr: usize): void {
  packedA = ptr;
  packedB = packedA + ((<usize>(MC * KC)) << 2);
  edge = packedB + ((<usize>(KC * NC)) << 2);
}

// The three forms split large products across two threads when a worker is set (threads.ts).

/** C[M,N] (+)= A[M,K] · B[N,K]ᵀ */
export function gemmNT(c: usize, a: usize, b: usize, M: i32, N: i32, K: i32, acc: bool): void {
  gemmSplit(c, N, a, K, 1, b, 1, K, M, N, K, acc);
}

/** C[M,N] (+)= A[K,M]ᵀ · B[K,N] */
export function gemmTN(c: usize, a: usize, b: usize, M: i32, N: i32, K: i32, acc: bool): void {
  gemmSplit(c, N, a, 1, M, b, N, 1, M, N, K, acc);
}

/** C[M,N] (+)= A[M,K] · B[K,N] */
export function gemmNN(c: usize, a: usize, b: usize, M: i32, N: i32, K: i32, acc: bool): void {
  gemmSplit(c, N, a, K, 1, b, N, 1, M, N, K, acc);
}

/** Any block of any form: C row stride ldc, op(A)(i,k) = A[i*rsA + k*csA], op(B)(k,j) = B[k*rsB + j*csB]. */
export function gemm(
  c: usize,
  ldc: i32,
  a: usize,
  rsA: i32,
  csA: i32,
  b: usize,
  rsB: i32,
  csB: i32,
  M: i32,
  N: i32,
  K: i32,
  acc: bool,
): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    // NOTE: an empty sum is 0, so overwrite mode must still clear C.
    if (!acc) for (let i = 0; i < M; i++) memory.fill(c + ((<usize>(i * ldc)) << 2), 0, (<usize>N) << 2);
    return;
  }
  const mr0 = M >= TALL_M ? MR_TALL : MR;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      const overwrite = !acc && pc === 0;
      packB(packedB, b + ((<usize>(pc * rsB + jc * csB)) << 2), rsB, csB, kc, nc);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packA(packedA, a + ((<usize>(ic * rsA + pc * csA)) << 2), rsA, csA, mc, kc, mr0);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const pb = packedB + ((<usize>(jr * kc)) << 2);
          for (let ir = 0; ir < mc; ir += mr0) {
            const mr = min(mr0, mc - ir);
            const pa = packedA + ((<usize>(ir * kc)) << 2);
            const ct = c + ((<usize>((ic + ir) * ldc + jc + jr)) << 2);
            if (mr0 === MR_TALL) microKernel5(kc, pa, pb, ct, ldc, mr, nr, overwrite);
            else microKernel(kc, pa, pb, ct, ldc, mr, nr, overwrite);
          }
        }
      }
    }
  }
}

/** C tile (mr ≤ MR, nr ≤ NR) (+)= packed A panel (KC, MR) · packed B panel (KC, NR). */
function microKernel(
  kc: i32,
  pa: usize,
  pb: usize,
  c: usize,
  ldc: i32,
  mr: i32,
  nr: i32,
  overwrite: bool,
): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  // NOTE: no FMA in baseline WASM SIMD (relaxed-simd is still behind a flag in Node 20), so each
  // update is a separate mul and add; the result rounds twice, as the reference does.
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let ai = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(ai, b0));
    c01 = f32x4.add(c01, f32x4.mul(ai, b1));
    ai = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(ai, b0));
    c11 = f32x4.add(c11, f32x4.mul(ai, b1));
    ai = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(ai, b0));
    c21 = f32x4.add(c21, f32x4.mul(ai, b1));
    ai = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(ai, b0));
    c31 = f32x4.add(c31, f32x4.mul(ai, b1));
    pa += MR << 2;
    pb += NR << 2;
  }
  const ldcBytes = (<usize>ldc) << 2;
  if (mr === MR && nr === NR) {
    storeRow(c, c00, c01, overwrite);
    storeRow(c + ldcBytes, c10, c11, overwrite);
    storeRow(c + 2 * ldcBytes, c20, c21, overwrite);
    storeRow(c + 3 * ldcBytes, c30, c31, overwrite);
    return;
  }
  // Edge tile: spill the registers, then copy only the mr × nr part that lies inside C.
  v128.store(edge, c00, 0);
  v128.store(edge, c01, 16);
  v128.store(edge, c10, 32);
  v128.store(edge, c11, 48);
  v128.store(edge, c20, 64);
  v128.store(edge, c21, 80);
  v128.store(edge, c30, 96);
  v128.store(edge, c31, 112);
  copyEdge(c, ldcBytes, mr, nr, overwrite);
}

/** The mr × nr part of the spilled edge tile that lies inside C. */
function copyEdge(c: usize, ldcBytes: usize, mr: i32, nr: i32, overwrite: bool): void {
  for (let i = 0; i < mr; i++) {
    const row = c + <usize>i * ldcBytes;
    const src = edge + ((<usize>(i * NR)) << 2);
    for (let j = 0; j < nr; j++) {
      const o = (<usize>j) << 2;
      const v = load<f32>(src + o);
      store<f32>(row + o, overwrite ? v : load<f32>(row + o) + v);
    }
  }
}

/** microKernel with a 5-row tile: packed A panel (KC, 5).
 * NOTE: spelled out, not a loop over rows: the accumulators must stay in registers. */
function microKernel5(
  kc: i32,
  pa: usize,
  pb: usize,
  c: usize,
  ldc: i32,
  mr: i32,
  nr: i32,
  overwrite: bool,
): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0);
  let c41 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let ai = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(ai, b0));
    c01 = f32x4.add(c01, f32x4.mul(ai, b1));
    ai = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(ai, b0));
    c11 = f32x4.add(c11, f32x4.mul(ai, b1));
    ai = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(ai, b0));
    c21 = f32x4.add(c21, f32x4.mul(ai, b1));
    ai = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(ai, b0));
    c31 = f32x4.add(c31, f32x4.mul(ai, b1));
    ai = v128.load32_splat(pa, 16);
    c40 = f32x4.add(c40, f32x4.mul(ai, b0));
    c41 = f32x4.add(c41, f32x4.mul(ai, b1));
    pa += MR_TALL << 2;
    pb += NR << 2;
  }
  const ldcBytes = (<usize>ldc) << 2;
  if (mr === MR_TALL && nr === NR) {
    storeRow(c, c00, c01, overwrite);
    storeRow(c + ldcBytes, c10, c11, overwrite);
    storeRow(c + 2 * ldcBytes, c20, c21, overwrite);
    storeRow(c + 3 * ldcBytes, c30, c31, overwrite);
    storeRow(c + 4 * ldcBytes, c40, c41, overwrite);
    return;
  }
  v128.store(edge, c00, 0);
  v128.store(edge, c01, 16);
  v128.store(edge, c10, 32);
  v128.store(edge, c11, 48);
  v128.store(edge, c20, 64);
  v128.store(edge, c21, 80);
  v128.store(edge, c30, 96);
  v128.store(edge, c31, 112);
  v128.store(edge, c40, 128);
  v128.store(edge, c41, 144);
  copyEdge(c, ldcBytes, mr, nr, overwrite);
}

function storeRow(row: usize, lo: v128, hi: v128, overwrite: bool): void {
  if (overwrite) {
    v128.store(row, lo);
    v128.store(row, hi, 16);
  } else {
    v128.store(row, f32x4.add(v128.load(row), lo));
    v128.store(row, f32x4.add(v128.load(row, 16), hi), 16);
  }
}
