// The batch sampler's shuffle: Fisher–Yates over u32 indices, drawn from xoshiro128** words, in one call.
// Specification: shuffleByWords in src/core/rng.ts (the same draws, rejections and swaps, bit for bit).
// NOTE: the xoshiro128** step below restates rng.ts's on purpose: the module is compiled on its own and
// cannot import the TypeScript; src/core/kernels/wasm/shuffle.test.ts holds the two to the same stream.

/**
 * Permute order[0..n) in place, element i (from n − 1 down to 1) swapping with a uniform j in 0..i, and
 * leave the four xoshiro128** words at `state` advanced past every draw.
 */
export function shuffleU32(order: usize, n: i32, state: usize): void {
  let s0 = load<u32>(state);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  for (let i = n - 1; i > 0; i--) {
    const m = <u64>(i + 1);
    // reject the top 2³² mod m values so every residue is equally likely (as rng.ts's int does)
    const limit: u64 = 0x100000000 - (0x100000000 % m);
    let u: u32 = 0;
    do {
      u = rotl<u32>(s1 * 5, 7) * 9;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl<u32>(s3, 11);
    } while (<u64>u >= limit);
    const j = <usize>(<u64>u % m);
    const a = order + ((<usize>i) << 2);
    const b = order + (j << 2);
    const tmp = load<u32>(a);
    store<u32>(a, load<u32>(b));
    store<u32>(b, tmp);
  }
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
}
