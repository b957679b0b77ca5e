// Elementwise WASM kernels beyond the GEMM contract: activation twins, the Hadamard product and a
// float64 sum of squares. Each falls back to its plain twin for arrays outside the WASM memory.
// reference: src/core/activations.ts (relu, leaky-relu, tanh), src/core/tensor.ts (sumSquares).

import type { Activation } from '../../activations.js';
import { UsageError } from '../../errors.js';
import { sumSquares as sumSquaresJs, type Vec } from '../../tensor.js';
import type { KernelExports } from './instantiate.js';

export interface Elementwise {
  /** A WASM twin of `fn` (same values to float32 rounding), or undefined when there is none. */
  activation(fn: Activation): Activation | undefined;
  /** out[i] = a[i]·b[i] for i < n */
  mul(out: Vec, a: Vec, b: Vec, n: number): void;
  /** Σ v[i]² over [offset, offset + length), accumulated in float64 */
  sumSquares(v: Vec, offset?: number, length?: number): number;
}

export function createElementwise(wasm: KernelExports, owns: (v: Vec) => v is Float32Array): Elementwise {
  const check = (op: string, arg: string, v: Vec, n: number): void => {
    if (v.length < n) throw new UsageError(`wasm.${op}: ${arg}`, `at least ${n} elements`, v.length);
  };

  function twin(
    fn: Activation,
    forward: (a: number, z: number, n: number) => void,
    derivative: (d: number, z: number, a: number, n: number) => void,
  ): Activation {
    return {
      name: fn.name,
      spec: fn.spec,
      maxDerivative: fn.maxDerivative,
      forward(a, z, n) {
        if (!(owns(a) && owns(z))) return fn.forward(a, z, n);
        check(fn.spec, 'a', a, n);
        check(fn.spec, 'z', z, n);
        forward(a.byteOffset, z.byteOffset, n);
      },
      derivative(d, z, a, n) {
        if (!(owns(d) && owns(z) && owns(a))) return fn.derivative(d, z, a, n);
        check(fn.spec, 'd', d, n);
        check(fn.spec, 'z', z, n);
        check(fn.spec, 'a', a, n);
        derivative(d.byteOffset, z.byteOffset, a.byteOffset, n);
      },
    };
  }

  return {
    activation(fn) {
      switch (fn.name) {
        case 'relu':
          return twin(fn, wasm.reluForward, (d, z, _a, n) => wasm.leakyDerivative(d, z, n, 0));
        case 'leaky-relu': {
          const slope = Number(fn.spec.split(':')[1]);
          return twin(
            fn,
            (a, z, n) => wasm.leakyForward(a, z, n, slope),
            (d, z, _a, n) => wasm.leakyDerivative(d, z, n, slope),
          );
        }
        case 'tanh':
          return twin(fn, wasm.tanhForward, (d, _z, a, n) => wasm.tanhDerivative(d, a, n));
        default:
          return undefined;
      }
    },
    mul(out, a, b, n) {
      if (!(owns(out) && owns(a) && owns(b))) {
        for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
        return;
      }
      check('mul', 'out', out, n);
      check('mul', 'a', a, n);
      check('mul', 'b', b, n);
      wasm.mul(out.byteOffset, a.byteOffset, b.byteOffset, n);
    },
    sumSquares(v, offset = 0, length = v.length - offset) {
      if (!owns(v)) return sumSquaresJs(v, offset, length);
      check('sumSquares', 'v', v, offset + length);
      return wasm.sumSquaredDeviations(v.byteOffset + offset * 4, length, 0);
    },
  };
}
