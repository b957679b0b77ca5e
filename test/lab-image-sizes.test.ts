// The lab's sizes for an image data set: picking one with "all" rows fills in sizes the lab runs at, and
// a configuration that would take all 60,000 Fashion-MNIST training images is refused in one line.

import { describe, expect, it } from 'vitest';
import { checkLabRows, LAB_MAX_ROWS } from '../lab/src/image-data.js';
import { IMAGE_SIZES, withImageSizes } from '../lab/src/image-sizes.js';
import { DEFAULT_STATE, parseState } from '../lab/src/state.js';
import { type LoadedData, resolveConfig, UsageError } from '../src/index.js';

describe('image sizes in the lab', () => {
  it('picking fashion-mnist or mnist with "all" rows fills in 2,000 training and 1,000 validation rows', () => {
    for (const data of ['fashion-mnist', 'mnist']) {
      const next = withImageSizes(parseState({ data }, DEFAULT_STATE), DEFAULT_STATE);
      expect([next.data, next.trainSize, next.valSize]).toEqual([
        data,
        IMAGE_SIZES.trainSize,
        IMAGE_SIZES.valSize,
      ]);
    }
  });

  it('keeps sizes the user gave, and leaves a generator or the same image set alone', () => {
    const given = parseState({ data: 'fashion-mnist', trainSize: '300' }, DEFAULT_STATE);
    expect(withImageSizes(given, DEFAULT_STATE)).toMatchObject({
      trainSize: 300,
      valSize: IMAGE_SIZES.valSize,
    });
    const spiral = parseState({ data: 'spiral' }, DEFAULT_STATE);
    expect(withImageSizes(spiral, DEFAULT_STATE)).toBe(spiral);
    const all = parseState({ data: 'fashion-mnist', trainSize: 'all' }, DEFAULT_STATE);
    // already on fashion-mnist: "all" is the user's choice (and the worker refuses it, below)
    expect(withImageSizes(all, all)).toBe(all);
  });

  it('takes at most 10,000 rows of a part, and the word all for every row', () => {
    expect(parseState({ trainSize: 'all', valSize: '10000' }, DEFAULT_STATE)).toMatchObject({
      trainSize: null,
      valSize: LAB_MAX_ROWS,
    });
    expect(() => parseState({ trainSize: '10001' }, DEFAULT_STATE)).toThrow(
      'trainSize: expected all or an integer ≥ 1 and ≤ 10000, got "10001"',
    );
  });

  it('refuses all 60,000 Fashion-MNIST training images in one line naming the setting', () => {
    const part = (n: number) => ({ n, dim: 784, x: new Uint8Array(0), labels: new Uint8Array(0) });
    const loaded: LoadedData = { name: 'fashion-mnist', train: part(60_000), test: part(10_000) };
    const config = resolveConfig({ data: 'fashion-mnist' });
    expect(() => checkLabRows(config, loaded)).toThrow(UsageError);
    expect(() => checkLabRows(config, loaded)).toThrow(
      'trainSize: expected at most 10000 rows of fashion-mnist in the lab (it evaluates every row at each logged step), got "all (60000)"',
    );
    expect(() =>
      checkLabRows(resolveConfig({ data: 'fashion-mnist', trainSize: 2000 }), loaded),
    ).not.toThrow();
  });
});
