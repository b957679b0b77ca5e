// The losses on float32 logits with their gradients, in WebAssembly; sums in float64.
// Plain TypeScript twin: src/core/losses.ts (the specification). MSE matches it bit for bit; BCE and CE
// call exp/log1p/log, whose last bit may differ from the JS engine's (AssemblyScript's NativeMath).
// B = batch, O = outputs; targets are float64: (B, O) values for mse, (B, 1) labels for bce/ce.

/** mean (z − y)² over n = B·O; dLogits[i] = 2(z − y)/n when dLogits ≠ 0 */
export function mseLoss(logits: usize, targets: usize, n: i32, dLogits: usize): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    const r = <f64>load<f32>(logits + ((<usize>i) << 2)) - load<f64>(targets + ((<usize>i) << 3));
    s += r * r;
    if (dLogits) store<f32>(dLogits + ((<usize>i) << 2), <f32>((2 * r) / <f64>n));
  }
  return s / <f64>n;
}

/** mean of max(z,0) − z·y + log(1 + e^{−|z|}); dLogits[i] = (σ(z) − y)/n */
export function bceLoss(logits: usize, targets: usize, n: i32, dLogits: usize): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    const z = <f64>load<f32>(logits + ((<usize>i) << 2));
    const y = load<f64>(targets + ((<usize>i) << 3));
    s += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    if (dLogits) {
      const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      store<f32>(dLogits + ((<usize>i) << 2), <f32>((p - y) / <f64>n));
    }
  }
  return s / <f64>n;
}

/** mean of log Σ_j e^{z_j} − z_label (max subtracted); dLogits = (softmax − onehot)/B */
export function ceLoss(logits: usize, targets: usize, B: i32, O: i32, dLogits: usize): f64 {
  let s: f64 = 0;
  for (let t = 0; t < B; t++) {
    const row = logits + ((<usize>(t * O)) << 2);
    const label = <i32>load<f64>(targets + ((<usize>t) << 3));
    let max = -Infinity;
    for (let j = 0; j < O; j++) max = Math.max(max, <f64>load<f32>(row + ((<usize>j) << 2)));
    let sumExp: f64 = 0;
    for (let j = 0; j < O; j++) sumExp += Math.exp(<f64>load<f32>(row + ((<usize>j) << 2)) - max);
    const logZ = max + Math.log(sumExp);
    s += logZ - <f64>load<f32>(row + ((<usize>label) << 2));
    if (dLogits) {
      const drow = dLogits + ((<usize>(t * O)) << 2);
      for (let j = 0; j < O; j++) {
        const p = Math.exp(<f64>load<f32>(row + ((<usize>j) << 2)) - logZ);
        store<f32>(drow + ((<usize>j) << 2), <f32>((p - (j === label ? 1 : 0)) / <f64>B));
      }
    }
  }
  return s / <f64>B;
}
