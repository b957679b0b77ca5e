// The lab's pure pieces: settings ↔ URL, validation through the core, and "apply fix" from suggestions.

import { describe, expect, it } from 'vitest';
import { compareState } from '../lab/src/compare.js';
import { fixToSettings, toFinding } from '../lab/src/diagnose.js';
import { wasmBytesFor } from '../lab/src/memory.js';
import {
  DEFAULT_STATE,
  type LabState,
  parseState,
  STATE_KEYS,
  type StateKey,
  stateToRecord,
  toConfigInput,
} from '../lab/src/state.js';
import { readUrlState, stateToSearch } from '../lab/src/url-state.js';
import { DEFAULTS, SETTING_KEYS, settingOf } from '../src/core/settings/index.js';
import {
  type ConfigInput,
  dataShape,
  type Finding,
  type Fix,
  planRun,
  prepareData,
  resolveConfig,
} from '../src/index.js';

/** A value other than the default for every lab setting. */
const OTHER: { readonly [K in StateKey]: LabState[K] } = {
  data: 'spiral',
  samples: 250,
  noise: 0.3,
  dataSeed: 7,
  valSplit: 0.25,
  trainSize: 100,
  valSize: 30,
  features: ['x1', 'x1x2', 'sinx2'],
  depth: 5,
  width: 16,
  activation: 'leaky-relu:0.2',
  init: 'normal:0.3',
  norm: 'batch',
  residual: true,
  residualScale: 0.5,
  loss: 'mse',
  batchSize: 'full',
  lr: 0.03,
  optimizer: 'adamw',
  seed: 12,
  l2: 0.01,
  l1: 0.001,
  weightDecay: 0.02,
  dropout: 0.2,
  clipNorm: 2,
};

describe('lab settings', () => {
  it('stateToSearch and readUrlState round-trip every setting exactly', () => {
    const s: LabState = {
      ...DEFAULT_STATE,
      data: 'xor',
      depth: 12,
      activation: 'elu:0.5',
      init: 'orthogonal:1.5',
      batchSize: 1,
      clipNorm: 0.5,
      residual: true,
      residualScale: 'auto',
      seed: 99,
    };
    expect(readUrlState(stateToSearch(s))).toEqual({ state: s });
  });

  it('readUrlState returns null without settings and names the setting it refuses', () => {
    expect(readUrlState('')).toBeNull();
    expect(readUrlState('?compare=l2%3D0.1')).toBeNull();
    expect(readUrlState('?width=301')).toEqual({
      error: 'width: expected an integer ≥ 1 and ≤ 300, got "301"',
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
    const sgd = resolveConfig(toConfigInput({ ...DEFAULT_STATE, batchSize: 1, valSplit: 0.3 }));
    expect(sgd.batchSize).toBe(1);
    expect(sgd.valSplit).toBeCloseTo(0.3, 12);
    expect(resolveConfig(toConfigInput({ ...DEFAULT_STATE, batchSize: 'full' })).batchSize).toBe('full');
    const c = resolveConfig(
      toConfigInput({ ...DEFAULT_STATE, clipNorm: null, residualScale: 'auto', depth: 4, width: 5 }),
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

describe('lab state keys are setting keys', () => {
  it('every lab field is a setting, its default is the setting default, and its value is the config value', () => {
    for (const k of STATE_KEYS) expect(SETTING_KEYS).toContain(k);
    for (const k of STATE_KEYS) expect(DEFAULT_STATE[k]).toEqual(settingOf(k).default);
    const c = resolveConfig(toConfigInput(OTHER as LabState));
    for (const k of STATE_KEYS) {
      if (k === 'depth' || k === 'width') continue;
      expect(c[k], k).toEqual(k === 'activation' ? 'leaky-relu:0.2' : OTHER[k]);
    }
    expect(c.hidden).toEqual([16, 16, 16, 16, 16]);
    expect(resolveConfig(toConfigInput(DEFAULT_STATE))).toEqual({ ...DEFAULTS, logEvery: 10 });
  });

  it.each(STATE_KEYS.map((k) => [k]))('%s round-trips through the URL on its own', (k) => {
    const s = { ...DEFAULT_STATE, [k]: OTHER[k] } as LabState;
    expect(readUrlState(stateToSearch(s))).toEqual({ state: s });
  });

  it('all settings at once round-trip through the URL', () => {
    expect(readUrlState(stateToSearch(OTHER as LabState))).toEqual({ state: OTHER });
  });

  it('a fix applies to the state by key, with no translation', () => {
    const set = { valSplit: 0.3, clipNorm: 1, batchSize: 'full' } as const;
    const fixed: LabState = { ...DEFAULT_STATE, ...set };
    expect(resolveConfig(toConfigInput(fixed))).toMatchObject(set);
    const scaled: LabState = { ...DEFAULT_STATE, lr: DEFAULT_STATE.lr * 0.1 };
    expect(resolveConfig(toConfigInput(scaled)).lr).toBeCloseTo(0.01, 12);
  });

  it('old links (trainPct, batchMode, 0 for no clipping and for 1/√L, loss auto) still read', () => {
    expect(readUrlState('?trainPct=80&batchMode=sgd')).toEqual({ state: { ...DEFAULT_STATE, batchSize: 1 } });
    expect(readUrlState('?trainPct=70&batchMode=batch&batchSize=32')).toEqual({
      state: { ...DEFAULT_STATE, valSplit: 0.3, batchSize: 'full' },
    });
    expect(readUrlState('?batchMode=minibatch&batchSize=16&clipNorm=0&residualScale=0&loss=auto')).toEqual({
      state: { ...DEFAULT_STATE, batchSize: 16, residualScale: 'auto' },
    });
    expect(readUrlState('?batchMode=online')).toEqual({
      error: 'batchMode: expected one of batch, sgd, minibatch, got "online"',
    });
  });

  it('the lab keeps its tighter ranges and names the setting key', () => {
    expect(readUrlState('?samples=5')).toEqual({
      error: 'samples: expected an integer ≥ 10 and ≤ 5000, got "5"',
    });
    expect(readUrlState('?batchSize=6000')).toEqual({
      error: 'batchSize: expected full or an integer ≥ 1 and ≤ 5000, got "6000"',
    });
    expect(readUrlState('?clipNorm=-1')).toEqual({ error: 'clipNorm: expected a number > 0, got "-1"' });
  });
});

describe('apply fix', () => {
  const finding = (fixes: Fix[]): Finding => ({
    code: 'vanishing',
    layers: [0],
    evidence: {},
    explanation: 'x',
    suggestion: 'x',
    fixes,
  });
  const config = resolveConfig({ lr: 0.5, l2: 1, activation: 'sigmoid' });

  it("takes the first fix the lab has controls for, and renders the lab's fixes in its control names", () => {
    const f = toFinding(
      finding([
        { set: { steps: 20 }, reason: 'stop near the best step' },
        { set: { activation: 'relu', init: 'he-normal' }, reason: "f'(z) = 1 where active" },
        { set: { norm: 'layer', residual: true }, reason: 'identity path' },
      ]),
      config,
    );
    expect(f.fix).toEqual({ activation: 'relu', init: 'he-normal' });
    expect(f.suggestion).not.toContain('steps');
    expect(f.suggestion).toContain(settingOf('activation').label);
    expect(f.suggestion).not.toContain('--');
    expect(f.fixText).toContain('he-normal');
  });

  it('turns "train longer" into a raised Step limit (4 × the limit of 300), named by its control', () => {
    const f = toFinding(
      finding([
        { scale: 'steps', by: 4, reason: 'train longer: the loss is still falling' },
        { scale: 'lr', by: 3, reason: '' },
      ]),
      config,
      300,
    );
    expect(f.fix).toEqual({ limit: '1200' });
    expect(f.fixText).toBe('raise Step limit (now 300) 4× (train longer: the loss is still falling)');
    expect(f.noFix).toBeNull();
    // stopping earlier is no fix the lab applies: the run already went past that step
    expect(toFinding(finding([{ set: { steps: 20 }, reason: '' }]), config, 300).fix).toBeNull();
  });

  it("turns a scale fix into the scaled value of the run's setting", () => {
    expect(fixToSettings({ scale: 'lr', by: 0.1, reason: '' }, config)).toEqual({ lr: '0.05' });
    expect(fixToSettings({ scale: 'l2', by: 0.01, reason: '' }, config)).toEqual({ l2: '0.01' });
    expect(fixToSettings({ scale: 'width', by: 2, reason: '' }, config)).toEqual({ width: '16' });
  });

  it('maps residual, residual scale auto, clip norm and batch size fixes to lab settings', () => {
    expect(fixToSettings({ set: { norm: 'layer', residual: true }, reason: '' }, config)).toEqual({
      norm: 'layer',
      residual: 'true',
    });
    expect(fixToSettings({ set: { residualScale: 'auto' }, reason: '' }, config)).toEqual({
      residualScale: 'auto',
    });
    expect(fixToSettings({ set: { clipNorm: 1 }, reason: '' }, config)).toEqual({ clipNorm: '1' });
    expect(fixToSettings({ set: { batchSize: 'full' }, reason: '' }, config)).toEqual({ batchSize: 'full' });
    expect(toFinding(finding([{ set: { steps: 300 }, reason: '' }]), config).fix).toBeNull();
  });
});
