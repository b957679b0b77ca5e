// Storage types for the numeric core. Every buffer is a flat typed array in row-major order.

export type DType = 'float32' | 'float64';
export type Vec = Float32Array | Float64Array;

export function allocVec(dtype: DType, n: number): Vec {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** ‖v‖₂ accumulated in float64 (float32 squares underflow for vanishing gradients). */
export function norm2(v: ArrayLike<number>, offset = 0, length = v.length - offset): number {
  let s = 0;
  for (let i = offset; i < offset + length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

export function sumSquares(v: ArrayLike<number>, offset = 0, length = v.length - offset): number {
  let s = 0;
  for (let i = offset; i < offset + length; i++) s += v[i]! * v[i]!;
  return s;
}
