import { describe, expect, it } from 'vitest';
import { type ConfigInput, resolveConfig } from '../config.js';
import { prepareData } from '../data/prepare.js';
import { digestHistory } from '../diagnostics/fit-digest.js';
import { parseHistoryLine } from '../record/saved-run.js';
import { decodeCheckpoint, encodeCheckpoint, fillHistory, restoreCheckpoint } from './checkpoint.js';
import { thin } from './history-book.js';
import type { HistoryEntry } from './result.js';
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

  it('with historyBeside, kept entries are stored by step and filled back from their JSON lines', () => {
    const lines = new Map<number, string>();
    const onLog = (e: HistoryEntry) => lines.set(e.step, JSON.stringify(e));
    const want = toEnd(run(CFG, { maxHistory: 8 }));
    const first = run(CFG, { maxHistory: 8, onLog });
    while (first.stepCount < 50) first.step();
    const whole = encodeCheckpoint(first, 'test');
    const bytes = encodeCheckpoint(first, 'test', { historyBeside: true });
    const text = first
      .save()
      .book.history.map((e) => JSON.stringify(e).length)
      .reduce((a, b) => a + b, 0);
    expect(whole.length - bytes.length).toBeGreaterThan(0.9 * text);
    const decoded = decodeCheckpoint(bytes, 'ckpt');
    const kept = first.save().book.history.map((e) => e.step);
    expect(decoded.besideSteps).toEqual(kept);
    const second = run(CFG, { maxHistory: 8 });
    expect(() => restoreCheckpoint(second, decoded, 'ckpt')).toThrow(
      /ckpt: expected a checkpoint whose history is filled/,
    );
    const entries = new Map([...lines].map(([step, line]) => [step, parseHistoryLine(line, 'line')]));
    expect(() => fillHistory(decoded, new Map(), 'metrics.jsonl')).toThrow(
      `metrics.jsonl: expected the logged step ${kept[0]} the checkpoint keeps, got "no such line"`,
    );
    restoreCheckpoint(second, fillHistory(decoded, entries, 'metrics.jsonl'), 'ckpt');
    expect(toEnd(second)).toEqual(want);
  });

  it('with historyBeside, an entry with a NaN, ±Inf or −0 stays in the checkpoint (JSON would change it)', () => {
    // sine regression (mse) at lr 1e6 overflows within a few steps (as test/cli-rundir.test.ts's NaN run)
    const nan: ConfigInput = { data: 'sine', depth: 2, width: 8, activation: 'tanh', steps: 50, logEvery: 5 };
    const s = run({ ...nan, lr: 1e6, onNonfinite: 'skip' }, { maxHistory: 8 });
    while (!s.done) s.step();
    expect(s.nonFinite).not.toBeNull();
    const decoded = decodeCheckpoint(encodeCheckpoint(s, 't', { historyBeside: true }), 'ckpt');
    const nonFinite = (v: unknown): boolean =>
      typeof v === 'number'
        ? !Number.isFinite(v)
        : typeof v === 'object' && v !== null && Object.values(v).some(nonFinite);
    const bad = s
      .save()
      .book.history.filter(nonFinite)
      .map((e) => e.step);
    expect(bad.length).toBeGreaterThan(0);
    for (const step of bad) expect(decoded.besideSteps).not.toContain(step);
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
