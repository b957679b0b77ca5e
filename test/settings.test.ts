// The settings table is the one place a setting is named: these are its contracts.

import { describe, expect, it } from 'vitest';
import {
  DEFAULTS,
  resolveConfig,
  SETTING_KEYS,
  SETTINGS,
  settingError,
  settingOf,
} from '../src/core/settings/index.js';

/** The rule another engineer renders fixes with: lr → --lr, weightDecay → --weight-decay. */
const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

describe('the settings table', () => {
  it('has one entry for every key of DEFAULTS, and for depth and width', () => {
    expect([...SETTING_KEYS].sort()).toEqual([...Object.keys(DEFAULTS), 'depth', 'width'].sort());
    expect(new Set(SETTING_KEYS).size).toBe(SETTINGS.length);
  });

  it.each(SETTINGS.map((s) => [s.key, s] as const))("%s's flag is '--' + its key in kebab case", (key, s) => {
    expect(s.flag).toBe(`--${kebab(key)}`);
  });

  it.each(SETTINGS.filter((s) => s.key !== 'depth' && s.key !== 'width').map((s) => [s.key, s] as const))(
    '%s defaults to its DEFAULTS value',
    (key, s) => {
      expect(s.default).toEqual(DEFAULTS[key as keyof typeof DEFAULTS]);
    },
  );

  it.each(SETTINGS.map((s) => [s.key, s] as const))(
    '%s accepts its default, and the text of its default',
    (_key, s) => {
      const rule = s.rule as { parse(n: string, v: unknown): unknown; format(v: unknown): string };
      expect(rule.parse(s.flag, s.default)).toEqual(s.default);
      // NOTE: steps, epochs and target have no word for "not given": they are null only when absent
      const wordless = s.rule.kind === 'or' && s.rule.word === null;
      if (!wordless) expect(rule.parse(s.flag, rule.format(s.default))).toEqual(s.default);
    },
  );

  it('every entry has a label, a help line and a group', () => {
    for (const s of SETTINGS) {
      expect(s.label, s.key).not.toBe('');
      expect(s.help, s.key).not.toBe('');
      expect(s.help, s.key).not.toContain('\n');
      expect(s.help, s.key).not.toContain('|');
      expect(['data', 'network', 'training', 'regularization', 'clipping', 'diagnostics']).toContain(s.group);
    }
  });

  it('depth and width default to the shape of DEFAULTS.hidden', () => {
    expect(Array.from({ length: settingOf('depth').default }, () => settingOf('width').default)).toEqual(
      DEFAULTS.hidden,
    );
  });
});

describe('resolveConfig through the table', () => {
  it('resolves the defaults to DEFAULTS, in the same key order', () => {
    const c = resolveConfig();
    expect(c).toEqual(DEFAULTS);
    expect(Object.keys(c)).toEqual(Object.keys(DEFAULTS));
  });

  it('settingError names the flag of the setting', () => {
    const e = settingError('weightDecay', 'a number ≥ 0', '-1');
    expect(e.argument).toBe('--weight-decay');
    expect(e.message).toBe('--weight-decay: expected a number ≥ 0, got "-1"');
  });

  it('the words: full batch, auto residual scale and loss, none for clipping', () => {
    const c = resolveConfig({ batchSize: 'full', residualScale: 'auto', loss: 'auto', clipValue: 'none' });
    expect([c.batchSize, c.residualScale, c.loss, c.clipValue]).toEqual(['full', 'auto', null, null]);
    expect(() => resolveConfig({ batchSize: 'half' })).toThrow(
      '--batch-size: expected full or an integer ≥ 1, got "half"',
    );
    expect(() => resolveConfig({ residualScale: '-1' })).toThrow(
      '--residual-scale: expected auto or a number ≥ 0, got "-1"',
    );
    // SkipInit's α = 0: every residual block starts as the identity
    expect(resolveConfig({ residualScale: '0' }).residualScale).toBe(0);
    expect(() => resolveConfig({ clipNorm: 'off' })).toThrow('--clip-norm: expected a number > 0, got "off"');
  });

  it('the joint rules: hidden or depth/width, steps or epochs, a float32 bias', () => {
    expect(resolveConfig({ depth: 3, width: 5 }).hidden).toEqual([5, 5, 5]);
    expect(resolveConfig({ hidden: '4,3' }).hidden).toEqual([4, 3]);
    expect(() => resolveConfig({ hidden: '4', depth: 2 })).toThrow(
      '--hidden: expected either --hidden or --depth/--width, not both',
    );
    expect(() => resolveConfig({ steps: 5, epochs: 2 })).toThrow(
      '--epochs: expected either --steps or --epochs, not both, got "--steps 5 --epochs 2"',
    );
    expect(() => resolveConfig({ biasInit: '1e39' })).toThrow(
      '--bias-init: expected a number ≥ -3.4028234663852886e+38 and ≤ 3.4028234663852886e+38 (the float32 range), got "1e39"',
    );
    expect(resolveConfig({ biasInit: '1e39', dtype: 'float64' }).biasInit).toBe(1e39);
  });
});

describe('a hostile value from a file', () => {
  // an object with no usable toString (a sweep file's JSON can hold one): String() of it throws
  const hostile = JSON.parse('{"toString": null}') as unknown;
  it.each(SETTINGS.map((s) => [s.key, s] as const))(
    '%s refuses an object without a toString in one UsageError line that names the flag',
    (_key, s) => {
      let thrown: unknown = 'nothing';
      try {
        s.rule.parse(s.flag, hostile);
      } catch (err) {
        thrown = err;
      }
      expect((thrown as Error).name).toBe('UsageError');
      expect((thrown as Error).message).toMatch(
        new RegExp(`^${s.flag}: expected .*, got \\{"toString":null\\}$`),
      );
    },
  );
});
