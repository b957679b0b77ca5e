import { describe, expect, it } from 'vitest';
import { getLoss } from './losses.js';

describe('losses match hand-computed values and PyTorch reductions', () => {
  it('mse is the mean over all B·O elements (torch MSELoss)', () => {
    const d = new Float64Array(4);
    const v = getLoss('mse').forwardBackward(Float64Array.from([1, 2, 3, 4]), [0, 0, 0, 0], 2, 2, d);
    expect(v).toBe((1 + 4 + 9 + 16) / 4);
    expect([...d]).toEqual([0.5, 1, 1.5, 2]);
  });

  it('bce on logits: log 2 at z = 0, stable at |z| = 1000, gradient (σ(z) − y)/n', () => {
    const bce = getLoss('bce');
    const d = new Float64Array(2);
    expect(bce.forwardBackward(Float64Array.from([0, 0]), [1, 0], 2, 1, d)).toBeCloseTo(Math.LN2, 15);
    expect([...d]).toEqual([-0.25, 0.25]);
    expect(bce.forwardBackward(Float64Array.from([1000, -1000]), [1, 0], 2, 1, null)).toBe(0);
    expect(bce.forwardBackward(Float64Array.from([-1000]), [1], 1, 1, null)).toBe(1000);
  });

  it('ce: log K for equal logits, no overflow at 1000, gradient (softmax − onehot)/B', () => {
    const ce = getLoss('ce');
    const d = new Float64Array(3);
    expect(ce.forwardBackward(Float64Array.from([5, 5, 5]), [2], 1, 3, d)).toBeCloseTo(Math.log(3), 15);
    expect(d[2]).toBeCloseTo(1 / 3 - 1, 15);
    expect(ce.forwardBackward(Float64Array.from([1000, 0, 0]), [0], 1, 3, null)).toBeCloseTo(0, 12);
  });

  it('correct counts argmax matches (ce) and sign matches (bce)', () => {
    expect(getLoss('ce').correct(Float64Array.from([0, 2, 1, 5, 0, 0]), [1, 1], 2, 3)).toBe(1);
    expect(getLoss('bce').correct(Float64Array.from([0.3, -2]), [1, 1], 2, 1)).toBe(1);
  });

  it('an unknown loss names getLoss and its argument', () => {
    expect(() => getLoss('hinge')).toThrow('getLoss: name: expected one of mse, bce, ce, got "hinge"');
  });
});
