import { describe, expect, it } from 'vitest';
import { type ConfigInput, resolveConfig } from '../config.js';
import { prepareData } from '../data/prepare.js';
import { digestHistory } from '../diagnostics/fit-digest.js';
import { decodeCheckpoint, encodeCheckpoint, restoreCheckpoint } from './checkpoint.js';
import { thin } from './history-book.js';
import { createSession, type SessionOptions } from './session.js';

const run = (input: ConfigInput, opts: SessionOptions = {}) => {
  const config = resolveConfig({
    data: 'spiral',
    samples: 120,
    valSplit: 0.25,
    depth: 3,
    width: 24,
    ...input,
  });
  return createSession(config, prepareData(config), { clock: null, ...opts });
};
const toEnd = (s: ReturnType<typeof run>) => {
  while (!s.done) s.step();
  return s.finish();
};

describe('thin', () => {
  it('keeps every other entry, the first and the last two', () => {
    const a = [0, 1, 2, 3, 4, 5, 6];
    thin(a);
    expect(a).toEqual([0, 1, 3, 5, 6]);
    const b = [0, 1, 2, 3, 4, 5];
    thin(b);
    expect(b).toEqual([0, 2, 4, 5]);
  });
});

describe('a bounded history', () => {
  // an overfitting run: its verdict reads the validation curve over the whole history
  const OVERFIT: ConfigInput = { steps: 1500, logEvery: 5, lr: 0.05, optimizer: 'adam', noise: 0.3 };

  it('gives the verdict, evidence and digest of the whole history', () => {
    const whole = toEnd(run(OVERFIT));
    const bounded = toEnd(run(OVERFIT, { maxHistory: 32 }));
    expect(bounded.history.length).toBeLessThanOrEqual(32);
    expect(bounded.history[0]).toEqual(whole.history[0]);
    expect(bounded.history.at(-1)).toEqual(whole.history.at(-1));
    expect(bounded.digest).toEqual({ ...digestHistory(whole.history), logged: whole.history.length });
    expect(whole.diagnosis.verdict).toContain('overfitting');
    expect(bounded.diagnosis).toEqual(whole.diagnosis);
  });
});

describe('checkpoints', () => {
  const CFG: ConfigInput = {
    steps: 120,
    logEvery: 7,
    probeEvery: 40,
    dropout: 0.2,
    optimizer: 'adam',
    batchSize: 16,
  };

  it('a session restored from a checkpoint at step 50 ends bit-identical to the one never stopped', () => {
    const whole = run(CFG, { maxHistory: 8 });
    const want = toEnd(whole);
    const first = run(CFG, { maxHistory: 8 });
    while (first.stepCount < 50) first.step();
    const bytes = encodeCheckpoint(first, 'test');
    const second = run(CFG, { maxHistory: 8 });
    restoreCheckpoint(second, decodeCheckpoint(bytes, 'ckpt'), 'ckpt');
    expect(second.stepCount).toBe(50);
    const got = toEnd(second);
    expect(got).toEqual(want);
    expect(Array.from(second.model.params)).toEqual(Array.from(whole.model.params));
  });

  it('a finished run resumed with more steps ends bit-identical to one longer run', () => {
    // 120 is neither a --log-every (7) step nor a probe step (40 is): the 120-step run logs step 120 only
    // as its end, and the 200-step run never logs it; the checkpoint is taken between the last step
    // and finish(), as `train --out` takes it
    const long = { ...CFG, steps: 200 };
    const want = toEnd(run(long, { maxHistory: 8 }));
    const short = run(CFG, { maxHistory: 8 });
    while (!short.done) short.step();
    const bytes = encodeCheckpoint(short, 'test');
    expect(short.finish().history.at(-1)?.step).toBe(120);
    const resumed = run(long, { maxHistory: 8 });
    restoreCheckpoint(resumed, decodeCheckpoint(bytes, 'ckpt'), 'ckpt');
    const got = toEnd(resumed);
    expect(got.history.some((e) => e.step === 120)).toBe(false);
    expect(got).toEqual(want);
    // and resumed with the same steps, it ends as the run it was
    const again = run(CFG, { maxHistory: 8 });
    restoreCheckpoint(again, decodeCheckpoint(bytes, 'ckpt'), 'ckpt');
    expect(toEnd(again)).toEqual(toEnd(run(CFG, { maxHistory: 8 })));
  });

  it('refuses a checkpoint of other data', () => {
    const a = run(CFG);
    a.step();
    const other = run({ ...CFG, seed: 2 });
    expect(() =>
      restoreCheckpoint(other, decodeCheckpoint(encodeCheckpoint(a, 't'), 'ckpt'), 'ckpt'),
    ).toThrow(/ckpt: expected a checkpoint of this data/);
  });
});
