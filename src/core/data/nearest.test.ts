import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { nearestOtherLabelDistance } from './nearest.js';

function bruteForce(x: Float64Array, labels: Float64Array): Float64Array {
  const out = new Float64Array(labels.length).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < labels.length; i++) {
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] === labels[i]) continue;
      const ex = x[2 * j]! - x[2 * i]!;
      const ey = x[2 * j + 1]! - x[2 * i + 1]!;
      out[i] = Math.min(out[i]!, Math.sqrt(ex * ex + ey * ey));
    }
  }
  return out;
}

describe('nearestOtherLabelDistance', () => {
  it('matches a brute-force scan on random points, clustered points and odd sizes', () => {
    const rng = createRng(1);
    for (const n of [1, 2, 3, 17, 200, 1001]) {
      const x = new Float64Array(2 * n);
      const labels = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = rng.int(3);
        // one class tightly clustered far from the others, so rings must grow before finding a match
        const spread = labels[i] === 2 ? 0.01 : 1;
        x[2 * i] = spread * rng.normal() + (labels[i] === 2 ? 5 : 0);
        x[2 * i + 1] = spread * rng.normal();
      }
      expect(nearestOtherLabelDistance(x, labels)).toEqual(bruteForce(x, labels));
    }
  });

  it('returns Infinity when all points share a label and handles coincident points', () => {
    expect(nearestOtherLabelDistance(new Float64Array([0, 0, 1, 1]), new Float64Array([1, 1]))).toEqual(
      new Float64Array([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]),
    );
    expect(nearestOtherLabelDistance(new Float64Array([2, 2, 2, 2]), new Float64Array([0, 1]))).toEqual(
      new Float64Array([0, 0]),
    );
  });
});
