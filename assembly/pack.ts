// Packing for the GEMM micro-kernel: copy a strided block of op(A) or op(B) into contiguous
// micro-panels so the kernel reads both operands with unit stride, whatever the transposition.
// Panels cut by the matrix edge are zero-padded.
// NOTE: padding with zeros (not leaving stale bytes) keeps denormal or NaN garbage out of the
// discarded lanes, where it could only cost time, never change a stored result.
//
// packed A (mc, kc): panel p holds rows [p*mr, p*mr+mr) as (kc, mr): dst[p*kc*mr + k*mr + r]
// packed B (kc, nc): panel q holds cols [q*NR, q*NR+NR) as (kc, NR): dst[q*kc*NR + k*NR + c]

const NR: i32 = 8;

/** Pack op(A)(i,k) = src[i*rsA + k*csA] for i < mc, k < kc, in panels mr (4 or 5) rows tall. */
export function packA(dst: usize, src: usize, rsA: i32, csA: i32, mc: i32, kc: i32, mr: i32): void {
  for (let ir = 0; ir < mc; ir += mr) {
    const rows = min(mr, mc - ir);
    const panel = dst + ((<usize>(ir * kc)) << 2);
    const base = src + ((<usize>(ir * rsA)) << 2);
    if (rows === mr && rsA === 1) {
      // op(A) = Aᵀ: the mr values for one k are contiguous: one f32x4, then the fifth row's value.
      for (let k = 0; k < kc; k++) {
        const q = panel + ((<usize>(k * mr)) << 2);
        const p = base + ((<usize>(k * csA)) << 2);
        v128.store(q, v128.load(p));
        if (mr === 5) store<f32>(q, load<f32>(p, 16), 16);
      }
    } else if (rows === mr && csA === 1) {
      // op(A) = A: each row is contiguous in k; transpose 4×4 blocks of rows 0–3 (a fifth row by value).
      const rs = (<usize>rsA) << 2;
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const p = base + ((<usize>k) << 2);
        const q = panel + ((<usize>(k * mr)) << 2);
        transpose4(q, mr << 2, v128.load(p), v128.load(p + rs), v128.load(p + 2 * rs), v128.load(p + 3 * rs));
        if (mr === 5) {
          const p4 = p + 4 * rs;
          for (let t = 0; t < 4; t++) {
            store<f32>(q + ((<usize>(t * 5 + 4)) << 2), load<f32>(p4 + ((<usize>t) << 2)));
          }
        }
      }
      for (; k < kc; k++) {
        for (let r = 0; r < mr; r++) {
          store<f32>(
            panel + ((<usize>(k * mr + r)) << 2),
            load<f32>(base + <usize>r * rs + ((<usize>k) << 2)),
          );
        }
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let r = 0; r < mr; r++) {
          const v: f32 = r < rows ? load<f32>(base + ((<usize>(r * rsA + k * csA)) << 2)) : 0;
          store<f32>(panel + ((<usize>(k * mr + r)) << 2), v);
        }
      }
    }
  }
}

/** Pack op(B)(k,j) = src[k*rsB + j*csB] for k < kc, j < nc. */
export function packB(dst: usize, src: usize, rsB: i32, csB: i32, kc: i32, nc: i32): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const panel = dst + ((<usize>(jr * kc)) << 2);
    const base = src + ((<usize>(jr * csB)) << 2);
    if (cols === NR && csB === 1) {
      // op(B) = B: the NR values for one k are contiguous.
      for (let k = 0; k < kc; k++) {
        const p = base + ((<usize>(k * rsB)) << 2);
        const q = panel + ((<usize>(k * NR)) << 2);
        v128.store(q, v128.load(p));
        v128.store(q, v128.load(p, 16), 16);
      }
    } else if (cols === NR && rsB === 1) {
      // op(B) = Bᵀ: each column j is a contiguous row of B; transpose two 4×4 blocks per 4 k.
      const cs = (<usize>csB) << 2;
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const p = base + ((<usize>k) << 2);
        const q = panel + ((<usize>(k * NR)) << 2);
        transpose4(q, NR << 2, v128.load(p), v128.load(p + cs), v128.load(p + 2 * cs), v128.load(p + 3 * cs));
        const p4 = p + 4 * cs;
        transpose4(
          q + 16,
          NR << 2,
          v128.load(p4),
          v128.load(p4 + cs),
          v128.load(p4 + 2 * cs),
          v128.load(p4 + 3 * cs),
        );
      }
      for (; k < kc; k++) {
        for (let j = 0; j < NR; j++) {
          store<f32>(
            panel + ((<usize>(k * NR + j)) << 2),
            load<f32>(base + <usize>j * cs + ((<usize>k) << 2)),
          );
        }
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let j = 0; j < NR; j++) {
          const v: f32 = j < cols ? load<f32>(base + ((<usize>(k * rsB + j * csB)) << 2)) : 0;
          store<f32>(panel + ((<usize>(k * NR + j)) << 2), v);
        }
      }
    }
  }
}

/** Store the columns of the 4×4 block with rows r0..r3 at dst, dst+stride, dst+2·stride, dst+3·stride. */
function transpose4(dst: usize, stride: i32, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // a0 b0 a1 b1
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7); // a2 b2 a3 b3
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5); // c0 d0 c1 d1
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7); // c2 d2 c3 d3
  const s = <usize>stride;
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + s, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * s, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * s, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}
