// Row-broadcast kernels for biases, in WebAssembly SIMD.
// Plain TypeScript twin: src/core/kernels/reference.ts (addRowVector, sumRows).

/** out[M,N] += bias[N] broadcast over rows. */
export function addRowVector(out: usize, bias: usize, M: i32, N: i32): void {
  const n4 = N & ~3;
  const rowBytes = (<usize>N) << 2;
  for (let i = 0; i < M; i++) {
    const row = out + <usize>i * rowBytes;
    let j = 0;
    for (; j < n4; j += 4) {
      const o = (<usize>j) << 2;
      v128.store(row + o, f32x4.add(v128.load(row + o), v128.load(bias + o)));
    }
    for (; j < N; j++) {
      const o = (<usize>j) << 2;
      store<f32>(row + o, load<f32>(row + o) + load<f32>(bias + o));
    }
  }
}

/** out[N] (+)= Σ_rows a[M,N]. Rows are added in order, as the reference does. */
export function sumRows(out: usize, a: usize, M: i32, N: i32, acc: bool): void {
  if (!acc) memory.fill(out, 0, (<usize>N) << 2);
  const n4 = N & ~3;
  const rowBytes = (<usize>N) << 2;
  for (let i = 0; i < M; i++) {
    const row = a + <usize>i * rowBytes;
    let j = 0;
    for (; j < n4; j += 4) {
      const o = (<usize>j) << 2;
      v128.store(out + o, f32x4.add(v128.load(out + o), v128.load(row + o)));
    }
    for (; j < N; j++) {
      const o = (<usize>j) << 2;
      store<f32>(out + o, load<f32>(out + o) + load<f32>(row + o));
    }
  }
}

/**
 * dst[r·D + d] = f32(src[idx[r]·D + d]) for r < b, d < D: a batch's rows gathered from a float64 data set,
 * each value rounded to nearest float32 as a Float32Array store rounds it.
 */
export function gatherRows(dst: usize, src: usize, idx: usize, b: i32, D: i32): void {
  const rowBytes = (<usize>D) << 3;
  for (let r = 0; r < b; r++) {
    const from = src + <usize>load<u32>(idx + ((<usize>r) << 2)) * rowBytes;
    const to = dst + ((<usize>(r * D)) << 2);
    for (let d = 0; d < D; d++) store<f32>(to + ((<usize>d) << 2), <f32>load<f64>(from + ((<usize>d) << 3)));
  }
}
