// Fixes as data: rendered in flag words, filtered when already in place, applied to settings.

import { describe, expect, it } from 'vitest';
import { type ConfigInput, resolveConfig } from '../config.js';
import type { Fix } from '../record/fix.js';
import { applyFix, fixInPlace, flagName, renderFix, renderFixes, withoutInPlace } from './fixes.js';

const RELU_HE: Fix = { set: { activation: 'relu', init: 'he-normal' }, reason: "f'(z) = 1 where active" };
const NORM_RESIDUAL: Fix = { set: { norm: 'layer', residual: true }, reason: 'an identity path' };
const LOWER_LR: Fix = { scale: 'lr', by: 0.1, reason: 'smaller steps' };
const CLIP: Fix = { set: { clipNorm: 1 }, reason: '' };

describe('renderFixes', () => {
  it('flagName is -- and the key in kebab-case', () => {
    expect(['weightDecay', 'clipNorm', 'lr', 'beta1'].map((k) => flagName(k as 'lr'))).toEqual([
      '--weight-decay',
      '--clip-norm',
      '--lr',
      '--beta1',
    ]);
  });

  it('renders a set as flags with values (true as a bare flag) and a following set without its "use"', () => {
    expect(renderFixes([RELU_HE, NORM_RESIDUAL], { lr: 0.1 })).toBe(
      "use `--activation relu --init he-normal` (f'(z) = 1 where active), or `--norm layer --residual` (an identity path)",
    );
  });

  it('renders a scale as lower/raise with the current value from the config and the factor', () => {
    expect(renderFixes([CLIP, LOWER_LR], { lr: 0.1 })).toBe(
      'use `--clip-norm 1`, or lower `--lr` (now 0.1) 10× (smaller steps)',
    );
    expect(renderFix({ scale: 'l2', by: 10, reason: 'more penalty' }, { l2: 0.001 })).toBe(
      'raise `--l2` (now 0.001) 10× (more penalty)',
    );
    expect(renderFix({ scale: 'lr', by: 0.01, reason: '' }, { lr: 1e6 })).toBe('lower `--lr` (now 1e6) 100×');
  });

  it('takes the word for a key from `name` (the lab passes its labels)', () => {
    const label = (k: string) => ({ lr: 'learning rate', clipNorm: 'clip' })[k] ?? k;
    expect(renderFixes([LOWER_LR, { set: { clipNorm: null }, reason: '' }], { lr: '0.5' }, label)).toBe(
      'lower `learning rate` (now 0.5) 10× (smaller steps), or use `clip none`',
    );
  });
});

describe('fixInPlace and withoutInPlace', () => {
  it('a set is in place when every key already has that value, compared as resolved', () => {
    expect(fixInPlace(RELU_HE, { activation: 'relu', init: 'he-normal' })).toBe(true);
    expect(fixInPlace(RELU_HE, { activation: 'relu', init: 'xavier-normal' })).toBe(false);
    expect(
      fixInPlace(
        { set: { activation: 'leaky-relu' }, reason: '' },
        resolveConfig({ activation: 'leaky-relu' }),
      ),
    ).toBe(true);
    expect(fixInPlace({ set: { dropout: 0.2 }, reason: '' }, { dropout: '0.2' })).toBe(true);
    expect(fixInPlace(NORM_RESIDUAL, { norm: 'layer', residual: 'true' })).toBe(true);
    // a missing key has its default
    expect(fixInPlace({ set: { init: 'xavier-normal' }, reason: '' }, {})).toBe(true);
  });

  it('depth and width are read from a uniform hidden', () => {
    const wide: Fix = { set: { width: 16 }, reason: '' };
    expect(fixInPlace(wide, { hidden: [16, 16, 16] })).toBe(true);
    expect(fixInPlace(wide, { hidden: '16,16' })).toBe(true);
    expect(fixInPlace(wide, { hidden: [16, 8] })).toBe(false);
    expect(fixInPlace({ set: { depth: 3 }, reason: '' }, { hidden: [16, 16, 16] })).toBe(true);
  });

  it('a scale of a setting that is 0 or null is in place: scaling it does nothing', () => {
    expect(fixInPlace({ scale: 'l2', by: 10, reason: '' }, { l2: 0 })).toBe(true);
    expect(fixInPlace({ scale: 'clipNorm', by: 10, reason: '' }, { clipNorm: null })).toBe(true);
    expect(fixInPlace({ scale: 'width', by: 2, reason: '' }, { hidden: [16, 8] })).toBe(true);
    expect(fixInPlace(LOWER_LR, { lr: 0.1 })).toBe(false);
  });

  it('withoutInPlace keeps the order of the fixes not in place', () => {
    const config = { activation: 'relu', init: 'he-normal', clipNorm: 1 };
    expect(withoutInPlace([CLIP, RELU_HE, LOWER_LR, NORM_RESIDUAL], config)).toEqual([
      LOWER_LR,
      NORM_RESIDUAL,
    ]);
  });
});

describe('applyFix', () => {
  it('a set writes its values into a new object', () => {
    const input = { activation: 'tanh', lr: 0.1 };
    expect(applyFix(input, RELU_HE)).toEqual({ activation: 'relu', init: 'he-normal', lr: 0.1 });
    expect(input).toEqual({ activation: 'tanh', lr: 0.1 });
  });

  it('a scale multiplies the current value to 3 significant digits, and keeps a string a string', () => {
    expect(applyFix({ lr: 0.3 }, LOWER_LR)).toEqual({ lr: 0.03 });
    expect(applyFix({ lr: '0.123456' }, { scale: 'lr', by: 3, reason: '' })).toEqual({ lr: '0.37' });
    expect(applyFix({ l2: 0 }, { scale: 'l2', by: 10, reason: '' })).toEqual({ l2: 0 });
  });

  it('a scale of a count rounds to an integer; steps left to the default scale DEFAULT_STEPS', () => {
    expect(applyFix({ steps: 7 }, { scale: 'steps', by: 0.5, reason: '' })).toEqual({ steps: 4 });
    expect(applyFix({ steps: null }, { scale: 'steps', by: 2, reason: '' })).toEqual({ steps: 1000 });
  });

  it('depth/width replace a uniform hidden, and steps replaces epochs, so the result resolves', () => {
    const wider = applyFix({ hidden: [8, 8, 8] }, { scale: 'width', by: 2, reason: '' });
    expect(wider).toEqual({ depth: 3, width: 16 });
    expect(resolveConfig(wider as ConfigInput).hidden).toEqual([16, 16, 16]);
    const stop = applyFix({ epochs: 10 }, { set: { steps: 300 }, reason: '' });
    expect(resolveConfig(stop as ConfigInput)).toMatchObject({ steps: 300, epochs: null });
  });
});
