// The rules that join settings, after each has parsed on its own: depth/width/hidden resolve into hidden,
// steps and epochs exclude each other, and a float32 model needs a float32 bias.

import { FLOAT32_MAX, LIMITS, parameterCount } from '../limits.js';
import { settingError } from './error.js';
import { narrow, number } from './rules.js';
import { settingOf } from './table.js';
import type { ConfigInput, SettingKey, SettingValue } from './types.js';

export type Parsed = { readonly [K in SettingKey]: SettingValue<K> };

const given = (v: unknown): boolean => v !== undefined && v !== null;

/** The hidden widths: --hidden as given, or --depth layers of --width. */
export function joinHidden(parsed: Parsed, input: ConfigInput): readonly number[] {
  if (given(input.hidden)) {
    if (given(input.depth) || given(input.width)) {
      throw settingError(
        'hidden',
        'either --hidden or --depth/--width, not both',
        '--hidden with --depth/--width',
      );
    }
    return checkHiddenSize('hidden', parsed.hidden);
  }
  const hidden = Array.from({ length: parsed.depth }, () => parsed.width);
  return checkHiddenSize(given(input.width) ? 'width' : 'depth', hidden);
}

// The hidden layers alone must fit LIMITS.parameters; checkRunSize adds the input and output layers.
function checkHiddenSize(key: SettingKey, hidden: readonly number[]): readonly number[] {
  const params = parameterCount(hidden);
  if (params > LIMITS.parameters) {
    throw settingError(
      key,
      `a network of at most ${LIMITS.parameters} parameters`,
      `${params} in the hidden layers ${hidden.length > 8 ? `${hidden.length} × ${hidden[0]}` : hidden.join('-')}`,
    );
  }
  return hidden;
}

/** Refuse settings that are fine alone but not together. */
export function checkTogether(parsed: Parsed, input: ConfigInput): void {
  if (parsed.steps !== null && parsed.epochs !== null) {
    throw settingError(
      'epochs',
      'either --steps or --epochs, not both',
      `--steps ${parsed.steps} --epochs ${parsed.epochs}`,
    );
  }
  if (parsed.dtype === 'float32' && typeof parsed.biasInit === 'number') {
    const bias = settingOf('biasInit');
    const range = { min: -FLOAT32_MAX, max: FLOAT32_MAX, why: 'the float32 range' };
    narrow(number(), range).parse(bias.flag, input.biasInit ?? bias.default);
  }
}
