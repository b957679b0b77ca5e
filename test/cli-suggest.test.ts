import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../src/cli/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['lr', '', 2],
    ['lrr', 'lr', 1],
    ['ltr', 'lr', 1],
    ['tarin', 'train', 1],
    ['kitten', 'sitting', 3],
    ['depht', 'depth', 1],
    ['abc', 'ca', 3],
  ])('%j → %j is %i edits (insert, delete, substitute, swap neighbours)', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('didYouMean', () => {
  const flags = ['--lr', '--l2', '--depth', '--width', '--activation', '--help'];
  it('names the nearest flag, ignoring dashes and case', () => {
    expect(didYouMean('--lrr', flags)).toBe('--lr');
    expect(didYouMean('-depth', flags)).toBe('--depth');
    expect(didYouMean('--Widht', flags)).toBe('--width');
    expect(didYouMean('--activaton', flags)).toBe('--activation');
  });

  it('says nothing when no flag is close, or for an empty word', () => {
    expect(didYouMean('--colour', flags)).toBeNull();
    expect(didYouMean('--', flags)).toBeNull();
    expect(didYouMean('--xy', flags)).toBeNull();
  });

  it('a tie goes to the first candidate', () => {
    expect(didYouMean('--l', flags)).toBe('--lr');
  });
});
