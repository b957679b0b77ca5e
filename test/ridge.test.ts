// `--depth 0` is the notes' ridge regression: one Dense layer from the inputs to the output, trained on
// mse (the mean of (y − ŷ)²) with the penalty ½λ‖W‖² (the bias is not penalized). Full-batch gradient
// descent in float64 must land on the closed-form minimizer of (1/n)‖y − Xβ − c‖² + ½λ‖β‖²:
//   β = (X̃ᵀX̃ + (nλ/2)·I)⁻¹ X̃ᵀỹ  (X̃, ỹ centred),  c = ȳ − x̄ᵀβ,
// solved here by Gaussian elimination, independently of gradscope's code.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../src/core/rng.js';
import { decodeSafetensors } from '../src/index.js';
import { gradscope, tempDir } from './helpers/cli.js';

const N = 120;
const D = 3;

/** Solve A x = b (A small and well conditioned) by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}

function ridge(X: number[][], y: number[], lambda: number): { beta: number[]; c: number } {
  const xm = Array.from({ length: D }, (_, j) => X.reduce((s, r) => s + r[j]!, 0) / N);
  const ym = y.reduce((s, v) => s + v, 0) / N;
  const Xc = X.map((r) => r.map((v, j) => v - xm[j]!));
  const A = Array.from({ length: D }, (_, i) =>
    Array.from(
      { length: D },
      (_, j) => Xc.reduce((s, r) => s + r[i]! * r[j]!, 0) + (i === j ? (N * lambda) / 2 : 0),
    ),
  );
  const b = Array.from({ length: D }, (_, i) => Xc.reduce((s, r, k) => s + r[i]! * (y[k]! - ym), 0));
  const beta = solve(A, b);
  return { beta, c: ym - beta.reduce((s, v, j) => s + v * xm[j]!, 0) };
}

describe('--depth 0 --l2 λ (ridge regression)', () => {
  it('trained to convergence in float64 equals the closed-form ridge solution to 1e-8', () => {
    const rng = createRng(7);
    const X = Array.from({ length: N }, () => [rng.normal() + 1, 2 * rng.normal() - 0.5, rng.normal()]);
    const y = X.map((r) => 1.5 * r[0]! - 0.7 * r[1]! + 0.2 * r[2]! + 0.3 + 0.5 * rng.normal());
    const dir = tempDir();
    const csv = join(dir, 'reg.csv');
    writeFileSync(csv, `x1,x2,x3,y\n${X.map((r, i) => `${r.join(',')},${y[i]}`).join('\n')}\n`);
    for (const lambda of [0.05, 0.5]) {
      const out = join(dir, `run-${lambda}`);
      const r = gradscope([
        'train',
        ...['--data', csv, '--depth', '0', '--activation', 'linear', '--loss', 'mse'],
        ...['--l2', String(lambda), '--dtype', 'float64', '--optimizer', 'sgd', '--lr', '0.1'],
        ...['--batch-size', 'full', '--val-split', '0', '--standardize', 'off', '--steps', '4000'],
        ...['--probes', 'off', '--log-every', '1000', '--out', out],
      ]);
      expect(r.code, r.stderr).toBe(0);
      const { tensors } = decodeSafetensors(
        new Uint8Array(readFileSync(join(out, 'model.safetensors'))),
        'model',
      );
      expect(Object.keys(tensors).sort()).toEqual(['layers.0.bias', 'layers.0.weight']);
      expect(tensors['layers.0.weight']!.shape).toEqual([1, D]);
      const want = ridge(X, y, lambda);
      const w = Array.from(tensors['layers.0.weight']!.data);
      for (let j = 0; j < D; j++) expect(Math.abs(w[j]! - want.beta[j]!)).toBeLessThan(1e-8);
      expect(Math.abs(tensors['layers.0.bias']!.data[0]! - want.c)).toBeLessThan(1e-8);
    }
    // and λ shrinks the weights: the larger λ's β is shorter
    const norm = (l: number) => Math.hypot(...ridge(X, y, l).beta);
    expect(norm(0.5)).toBeLessThan(norm(0.05));
  });
});
