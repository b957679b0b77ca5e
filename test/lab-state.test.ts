// The lab's pure pieces: settings ↔ URL, validation through the core, and "apply fix" from suggestions.

import { describe, expect, it } from 'vitest';
import { compareState } from '../lab/src/compare.js';
import { flagsToSettings, suggestionToFix } from '../lab/src/fix.js';
import { wasmBytesFor } from '../lab/src/memory.js';
import { DEFAULT_STATE, type LabState, parseState, stateToRecord, toConfigInput } from '../lab/src/state.js';
import { readUrlState, stateToSearch } from '../lab/src/url-state.js';
import { type ConfigInput, dataShape, planRun, prepareData, resolveConfig } from '../src/index.js';

describe('lab settings', () => {
  it('stateToSearch and readUrlState round-trip every setting exactly', () => {
    const s: LabState = {
      ...DEFAULT_STATE,
      data: 'xor',
      depth: 12,
      activation: 'elu:0.5',
      init: 'orthogonal:1.5',
      batchMode: 'sgd',
      clipNorm: 0.5,
      residual: true,
      residualScale: 0,
      seed: 99,
    };
    expect(readUrlState(stateToSearch(s))).toEqual({ state: s });
  });

  it('readUrlState returns null without settings and names the setting it refuses', () => {
    expect(readUrlState('')).toBeNull();
    expect(readUrlState('?compare=l2%3D0.1')).toBeNull();
    expect(readUrlState('?width=300')).toEqual({
      error: 'width: expected an integer ≥ 1 and ≤ 256, got "300"',
    });
    expect(readUrlState('?colour=red')).toHaveProperty('error', expect.stringContaining('setting "colour"'));
    expect(readUrlState('?activation=swish')).toHaveProperty(
      'error',
      expect.stringContaining('--activation'),
    );
    expect(readUrlState('?residual=yes')).toHaveProperty(
      'error',
      'residual: expected true or false, got "yes"',
    );
  });

  it('toConfigInput maps batch modes, train %, clipping off and the automatic residual scale', () => {
    const sgd = resolveConfig(toConfigInput({ ...DEFAULT_STATE, batchMode: 'sgd', trainPct: 70 }));
    expect(sgd.batchSize).toBe(1);
    expect(sgd.valSplit).toBeCloseTo(0.3, 12);
    expect(resolveConfig(toConfigInput({ ...DEFAULT_STATE, batchMode: 'batch' })).batchSize).toBe('full');
    const c = resolveConfig(
      toConfigInput({ ...DEFAULT_STATE, clipNorm: 0, residualScale: 0, depth: 4, width: 5 }),
    );
    expect(c.clipNorm).toBeNull();
    expect(c.residualScale).toBe('auto');
    expect(c.hidden).toEqual([5, 5, 5, 5]);
  });

  it('parseState keeps the base for settings it is not given', () => {
    const base = { ...DEFAULT_STATE, depth: 9 };
    expect(parseState({ lr: '0.5' }, base)).toEqual({ ...base, lr: 0.5 });
    expect(stateToRecord(base).depth).toBe('9');
  });

  it('compareState changes only what the diff names and refuses a different seed', () => {
    const a = { ...DEFAULT_STATE, seed: 5, activation: 'sigmoid' };
    expect(compareState(a, 'activation=relu&init=he-normal')).toEqual({
      ...a,
      activation: 'relu',
      init: 'he-normal',
    });
    expect(() => compareState(a, 'seed=6')).toThrow(/seed/);
  });

  it('wasmBytesFor reserves at least 32 MiB and grows with the network, up to 1 GiB', () => {
    const bytes = (input: ConfigInput): number => {
      const config = resolveConfig(input);
      return wasmBytesFor(config, planRun(config, dataShape(prepareData(config))), 2);
    };
    const small = bytes({ depth: 2, width: 8 });
    const big = bytes({ depth: 100, width: 256 });
    expect(small).toBeGreaterThanOrEqual(32 * 1024 * 1024);
    expect(small).toBeLessThan(64 * 1024 * 1024);
    expect(big).toBeGreaterThan(200 * 1024 * 1024);
    expect(big).toBeLessThanOrEqual(1024 * 1024 * 1024);
  });
});

describe('apply fix', () => {
  it('takes the first suggested flag group the lab can apply', () => {
    expect(
      suggestionToFix(
        "use `--activation relu --init he-normal` (f'(z) = 1 where active), or `--norm layer --residual`",
      ),
    ).toEqual({ activation: 'relu', init: 'he-normal' });
    expect(suggestionToFix('add `--clip-norm 1`, or use `--norm layer --residual`')).toEqual({
      clipNorm: '1',
    });
    expect(suggestionToFix('use `--bias-init 0 --init he-normal`, or `--activation leaky-relu`')).toEqual({
      activation: 'leaky-relu',
    });
  });

  it('turns lower/raise `--flag` (now v) into a move by the named factor, 10× by default', () => {
    expect(suggestionToFix('lower `--l2` (now 1), e.g. by 100×')).toEqual({ l2: '0.01' });
    expect(suggestionToFix('lower `--lr` (now 0.5) by 10–100×')).toEqual({ lr: '0.05' });
    expect(suggestionToFix('lower `--lr` (now 1e-3) by 10–100×, and add `--clip-norm 1`')).toEqual({
      clipNorm: '1',
    });
    expect(suggestionToFix('raise `--l2` (now 0.003)')).toEqual({ l2: '0.03' });
    expect(
      suggestionToFix('train longer (`--steps`), raise `--lr`, or widen the network (`--width`)'),
    ).toBeNull();
  });

  it('maps --residual, --residual-scale auto and --batch-size to lab settings', () => {
    expect(flagsToSettings('--norm layer --residual')).toEqual({ norm: 'layer', residual: 'true' });
    expect(flagsToSettings('--residual-scale auto')).toEqual({ residualScale: '0' });
    expect(flagsToSettings('--batch-size full')).toEqual({ batchMode: 'batch' });
    expect(flagsToSettings('--batch-size 16')).toEqual({ batchMode: 'minibatch', batchSize: '16' });
    expect(flagsToSettings('--steps 300')).toBeNull();
  });
});
