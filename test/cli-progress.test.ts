// train's progress on a fake clock: a throttled bar with steps/s and the ETA on a terminal, cleared by
// done(); plain lines every few seconds otherwise.

import { describe, expect, it } from 'vitest';
import type { CommandIO } from '../src/cli/commands/types.js';
import { formatEta, trainProgress } from '../src/cli/progress.js';

function fakeIO(isTTY: boolean): CommandIO & { bars: string[]; errs: string[] } {
  const bars: string[] = [];
  const errs: string[] = [];
  return {
    bars,
    errs,
    isTTY,
    stdout: () => {
      throw new Error('progress never writes stdout');
    },
    stderr: (t) => errs.push(t),
    progress: (t) => bars.push(t),
  };
}

/** Step the fake run: one update every `msPerUpdate` ms, `stepsPerUpdate` steps each. */
function run(
  io: CommandIO,
  total: number,
  stepsPerUpdate: number,
  msPerUpdate: number,
): ReturnType<typeof trainProgress> {
  let t = 1000;
  const p = trainProgress(io, total, { now: () => t });
  for (let step = 0; step <= total; step += stepsPerUpdate) {
    p.update(step, '0.5');
    t += msPerUpdate;
  }
  return p;
}

describe('trainProgress', () => {
  it('redraws a terminal bar at most 5 times a second, with steps/s and the ETA', () => {
    const io = fakeIO(true);
    // 1000 steps, 10 per update, an update every 10 ms: 1000 steps/s, 1 s in all
    const p = run(io, 1000, 10, 10);
    // 0.99 s after the first update, a redraw every 200 ms: at 200, 400, 600, 800 ms
    expect(io.bars).toHaveLength(4);
    expect(io.bars[0]).toBe(
      `train [${'#'.repeat(6)}${'.'.repeat(22)}]  20%  step 200/1000  loss 0.5  1000 steps/s  ETA 1 s`,
    );
    expect(io.bars[3]).toContain('step 800/1000');
    expect(io.bars[3]).toContain('ETA 1 s');
    expect(io.errs).toEqual([]);
    p.done();
    expect(io.errs).toEqual(['\r\x1b[K']);
  });

  it('the ETA is the remaining steps at the mean rate so far', () => {
    const io = fakeIO(true);
    // 10 steps per 100 ms = 100 steps/s; at step 2000 of 100000, 98000 steps remain: 980 s
    run(io, 100_000, 10, 100).done();
    expect(io.bars[0]).toBe(
      `train [${'.'.repeat(28)}]   0%  step 20/100000  loss 0.5  100 steps/s  ETA 16:40`,
    );
    expect(formatEta(980)).toBe('16:20');
    expect(formatEta(3725)).toBe('1:02:05');
    expect(formatEta(Number.NaN)).toBe('-');
  });

  it('off a terminal, prints a plain line at most every 5 s and nothing to clear', () => {
    const io = fakeIO(false);
    // 12 s of training, 50 steps/s
    const p = run(io, 600, 5, 100);
    expect(io.bars).toEqual([]);
    expect(io.errs).toEqual([
      'train: 41%  step 250/600  loss 0.5  50 steps/s  ETA 7 s\n',
      'train: 83%  step 500/600  loss 0.5  50 steps/s  ETA 2 s\n',
    ]);
    p.done();
    expect(io.errs).toHaveLength(2);
  });

  it('a run shorter than the interval shows nothing, on a terminal or not', () => {
    for (const tty of [true, false]) {
      const io = fakeIO(tty);
      run(io, 100, 10, 1).done();
      expect(io.bars).toEqual([]);
      expect(io.errs).toEqual([]);
    }
  });
});
