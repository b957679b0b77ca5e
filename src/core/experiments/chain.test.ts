import { describe, expect, it } from 'vitest';
import { CHAIN_DEPTHS, CHAIN_FACTORS, judgePrinted, measureChain, runChain } from './chain.js';

describe('chain', () => {
  it('backpropagation through L scalar layers matches c^L to 1e-12 in float64', async () => {
    const r = await runChain({ seed: 1 });
    expect(r.data.rows).toHaveLength(CHAIN_FACTORS.length * CHAIN_DEPTHS.length + CHAIN_DEPTHS.length);
    for (const row of r.data.rows) {
      expect(Math.abs(row.measured - row.closedForm) / row.closedForm).toBeLessThan(1e-12);
    }
  });

  it('a sigmoid layer at z = 0 has derivative exactly 0.25, the notes’ bound attained', () => {
    expect(measureChain('sigmoid', 0.25, 1)).toBe(0.25);
    expect(measureChain('sigmoid', 0.25, 10)).toBe(0.25 ** 10);
  });

  it('marks 1.5^50 = 7.2e8 as an erratum and the other printed values as matching', async () => {
    const r = await runChain({ seed: 1 });
    const verdict = (c: number, L: number) =>
      r.data.rows.find((x) => x.factor === c && x.depth === L)?.verdict;
    expect(verdict(1.5, 50)).toBe('erratum');
    expect(verdict(0.5, 5)).toBe('matches');
    expect(verdict(0.5, 10)).toBe('matches');
    expect(verdict(0.5, 50)).toBe('order of magnitude');
    expect(verdict(1.5, 5)).toBe('matches');
    expect(verdict(1.5, 10)).toBe('rounded down');
  });

  it('judgePrinted rounds to the printed digits', () => {
    expect(judgePrinted('6.4e8', 1.5 ** 50)).toBe('matches');
    expect(judgePrinted('7.2e8', 1.5 ** 50)).toBe('erratum');
    expect(judgePrinted('58', 1.5 ** 10)).toBe('matches');
  });
});
