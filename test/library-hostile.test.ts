// The library entry points refuse values of the wrong type (JS callers, JSON) with a UsageError that
// names the argument, never a TypeError from deep inside.

import { describe, expect, it } from 'vitest';
import { decodeSafetensors, parseCsv, resolveConfig, UsageError } from '../src/index.js';

describe('library entry points with values of the wrong type', () => {
  it('resolveConfig refuses non-numbers, odd --hidden values and a missing input object', () => {
    const bad =
      (input: unknown): unknown =>
      () =>
        resolveConfig(input as Parameters<typeof resolveConfig>[0]);
    expect(bad({ lr: {} })).toThrow(UsageError);
    expect(bad({ lr: true })).toThrow('--lr: expected a number > 0, got true');
    expect(bad({ hidden: {} })).toThrow('--hidden: expected widths such as 8,8,4');
    expect(bad(null)).toThrow('resolveConfig: input: expected an object of settings, got "null"');
  });

  it('parseCsv refuses non-text, and decodeSafetensors anything but a Uint8Array', () => {
    expect(() => parseCsv(null as unknown as string, { source: 'x.csv' })).toThrow(
      'x.csv: expected CSV text (a string), got "object"',
    );
    expect(() => decodeSafetensors([1, 2, 3] as unknown as Uint8Array, 'm.st')).toThrow(
      'm.st: expected the bytes of a safetensors file (a Uint8Array), got "Array"',
    );
  });
});
