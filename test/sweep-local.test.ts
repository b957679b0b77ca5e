// gradscope sweep run on this machine: a bad sweep file is one line naming the key, the expected and
// the actual value, with exit 2 and nothing written; a sweep killed with SIGKILL and resumed re-runs
// only its unfinished trials and ends bit-identical to an uninterrupted run; status and best read the
// store. The library's runSweep gives the same numbers in memory, on threads or in the caller's thread.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSweep } from '../src/node/sweep/index.js';
import { measuredText } from '../src/report/format.js';
import { gradscope, gradscopeAsync, tempDir } from './helpers/cli.js';
import { GRID_60, results, rows, start, until, writeSweep } from './helpers/sweep.js';

const BASE = `name: bad
method: grid
metric: { name: final.val.loss }
base: { data: circle, samples: 50, hidden: [4], steps: 5 }
`;

const BAD: readonly (readonly [string, string, RegExp])[] = [
  [
    'an unknown key',
    `${BASE}parameters: { lr: { values: [0.1] } }\nruncap: 5\n`,
    /sweep\.yaml: runcap: expected a key among name, description, method, metric, base, parameters, run_cap, seed \(did you mean run_cap\?\), got "runcap"$/,
  ],
  [
    'an empty grid',
    `${BASE}parameters: { l2: { values: [] } }\n`,
    /sweep\.yaml: parameters\.l2\.values: expected at least one value \(an empty grid has no trials\), got \[\]$/,
  ],
  [
    'no parameters at all',
    `${BASE}parameters: {}\n`,
    /sweep\.yaml: parameters: expected at least one parameter \(an empty grid has no trials\), got nothing$/,
  ],
  [
    'method: bayes',
    `${BASE.replace('grid', 'bayes')}parameters: { lr: { values: [0.1] } }\n`,
    /sweep\.yaml: method: expected grid or random \(bayes is not supported yet\), got "bayes"$/,
  ],
  [
    'a run_cap below 1',
    `${BASE}parameters: { lr: { values: [0.1] } }\nrun_cap: 0\n`,
    /sweep\.yaml: run_cap: expected an integer ≥ 1, got 0$/,
  ],
  [
    'a value train refuses',
    `${BASE}parameters: { lr: { values: [0.1, 0] } }\n`,
    /sweep\.yaml: parameters\.lr\.values\[1\]: expected a number > 0, got 0$/,
  ],
  [
    'a base setting train refuses',
    `${BASE.replace('steps: 5', 'steps: 5, activation: swish')}parameters: { lr: { values: [0.1] } }\n`,
    /sweep\.yaml: base\.activation: expected one of linear, sigmoid, .*, got "swish"$/,
  ],
  [
    'a parameter that is no setting',
    `${BASE}parameters: { lrate: { values: [0.1] } }\n`,
    /sweep\.yaml: parameters\.lrate: expected a setting of gradscope train, by its config\.json name \(lr, hidden, .*\), got "lrate"$/,
  ],
  [
    'settings that only clash together',
    `${BASE}parameters: { epochs: { values: [2] } }\n`,
    /sweep\.yaml: trial 0 \(epochs=2\): --epochs: expected either --steps or --epochs, not both, got "--steps 5 --epochs 2"$/,
  ],
  [
    'a random sweep with a grid count',
    `${BASE.replace('grid', 'random')}parameters: { lr: { min: 0.001, max: 0.1, distribution: log_uniform, count: 3 } }\nrun_cap: 4\n`,
    /sweep\.yaml: parameters\.lr\.count: expected nothing \(a random sweep samples the range\), got 3$/,
  ],
  [
    'an unknown distribution',
    `${BASE.replace('grid', 'random')}parameters: { lr: { min: 0.001, max: 0.1, distribution: normal } }\nrun_cap: 4\n`,
    /sweep\.yaml: parameters\.lr\.distribution: expected one of uniform, log_uniform, int_uniform, got "normal"$/,
  ],
  [
    'a file that is no mapping',
    '- lr\n- l2\n',
    /sweep\.yaml: expected a sweep definition \(an object\), got an array of 2$/,
  ],
  [
    'a YAML syntax error',
    `${BASE}parameters: { lr: { values: [0.1 }\n`,
    /sweep\.yaml:5:\d+: expected a YAML sweep file, got ".+"$/,
  ],
];

// NOTE: each case is a separate CLI process; they run at once (describe.concurrent) to keep the file fast
describe.concurrent('gradscope sweep run refuses a bad sweep file', () => {
  for (const [what, text, line] of BAD) {
    it(`${what}: one line naming the key, expected and actual, exit 2, nothing written`, async () => {
      const dir = tempDir('gradscope-sweep-bad-');
      const file = writeSweep(dir, text);
      const out = join(dir, 'out');
      const r = await gradscopeAsync(['sweep', 'run', file, '--jobs', '1', '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
      expect(r.stderr.trimEnd()).toMatch(/^gradscope: /);
      expect(r.stderr.trimEnd()).toMatch(line);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('gradscope sweep run and --resume', () => {
  it('a sweep SIGKILLed mid-way and resumed re-runs only its unfinished trials, bit-identical to one run', async () => {
    const dir = tempDir('gradscope-sweep-resume-');
    const file = writeSweep(dir, GRID_60);
    const whole = join(dir, 'whole');
    const one = gradscope(['sweep', 'run', file, '--jobs', '2', '--out', whole]);
    expect(one.code, one.stderr).toBe(0);
    const reference = rows(whole);
    expect(reference.map((r) => r.status)).toEqual(Array(60).fill('done'));

    const cut = join(dir, 'cut');
    const run = start(['sweep', 'run', file, '--jobs', '2', '--out', cut]);
    const finished = (): number => rows(cut).filter((r) => r.status === 'done').length;
    await until('12 finished trials', () => finished() >= 12);
    run.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    const before = rows(cut);
    const doneBefore = before.filter((r) => r.status === 'done');
    expect(doneBefore.length).toBeGreaterThanOrEqual(12);
    expect(doneBefore.length).toBeLessThan(60);
    // running means running: one trial a thread (the one queued behind it is still pending)
    const runningBefore = before.filter((r) => r.status === 'running').length;
    expect(runningBefore).toBeGreaterThanOrEqual(1);
    expect(runningBefore).toBeLessThanOrEqual(2);

    const resumed = gradscope(['sweep', 'run', '--resume', cut, '--jobs', '2']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = rows(cut);
    // a trial finished before the kill was not run again: same finish time, one attempt
    for (const r of doneBefore) {
      const a = after[r.id]!;
      expect([a.finished, a.attempts]).toEqual([r.finished, 1]);
    }
    // the others ran here: those that were running at the kill twice, the pending ones once
    for (const r of before.filter((x) => x.status !== 'done')) {
      expect(after[r.id]!.attempts).toBe(r.status === 'running' ? 2 : 1);
    }
    expect(results(after)).toEqual(results(reference));

    const again = gradscope(['sweep', 'run', '--resume', cut, '--jobs', '1']);
    expect(again.code).toBe(0);
    expect(rows(cut).map((r) => r.finished)).toEqual(after.map((r) => r.finished));

    const best = gradscope(['sweep', 'best', cut, '--top', '3', '--json']);
    expect(best.code).toBe(0);
    const ranked = [...reference].sort((a, b) => a.metric! - b.metric! || a.id - b.id).slice(0, 3);
    expect((JSON.parse(best.stdout) as { index: number }[]).map((t) => t.index)).toEqual(
      ranked.map((r) => r.id),
    );
    const status = gradscope(['sweep', 'status', cut]);
    expect(status.stdout).toMatch(/^sweep grid60: 60 trials: 60 done, 0 failed, 0 running, 0 pending\n/);

    const report = gradscope(['sweep', 'report', cut, '--heatmap', 'lr,l2']);
    expect(report.code, report.stderr).toBe(0);
    const html = readFileSync(join(cut, 'report.html'), 'utf8');
    expect(html.match(/<a href="trials\/\d+\/report\.html">/g)).toHaveLength(60);
    // the heatmap's cell lr=0.1, l2=0 is the mean ± sd of its three seeds' metrics
    const cell = reference.filter((r) => JSON.parse(r.params).lr === 0.1 && JSON.parse(r.params).l2 === 0);
    const xs = cell.map((r) => r.metric!);
    const mean = xs.reduce((a, b) => a + b, 0) / 3;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
    expect(html).toContain(`${measuredText(mean)} ± ${measuredText(sd)} (3)`);
    // a trial's run directory reads as any run: gradscope report writes its page from summary.json
    expect(existsSync(join(cut, 'trials', '7', 'report.html'))).toBe(true);
    const trial7 = gradscope(['report', join(cut, 'trials', '7'), '--out', join(dir, 't7.html')]);
    expect(trial7.code, trial7.stderr).toBe(0);
  }, 300_000);
});

describe('gradscope sweep run and Ctrl-C', () => {
  it('SIGINT stops the sweep with exit 130 and a line naming the --resume that finishes it', async () => {
    const dir = tempDir('gradscope-sweep-int-');
    const file = writeSweep(dir, GRID_60.replace('steps: 120', 'steps: 400'));
    const out = join(dir, 'out');
    const run = start(['sweep', 'run', file, '--jobs', '1', '--out', out]);
    await until('a finished trial', () => rows(out).some((r) => r.status === 'done'));
    run.kill('SIGINT');
    expect((await run.done).code).toBe(130);
    const recorded = rows(out).filter((r) => r.status === 'done').length;
    expect(recorded).toBeLessThan(60);
    expect(run.stderr().trimEnd().split('\n').at(-1)).toBe(
      `gradscope: SIGINT: ${recorded} of 60 trials recorded; gradscope sweep run --resume ${out} runs the rest`,
    );
  }, 180_000);
});

describe('runSweep', () => {
  const file = {
    name: 'lib',
    method: 'grid',
    metric: { name: 'final.train.loss' },
    base: { data: 'xor', samples: 40, hidden: [4], steps: 20, valSplit: 0 },
    parameters: {
      lr: { values: [0.05, 0.5] },
      seed: { values: [1, 2] },
      activation: { values: ['tanh', 'sigmoid'] },
    },
  };

  it('returns every trial with the same numbers on threads and in the calling thread, and calls onTrial for each', async () => {
    const seen: number[] = [];
    const threads = await runSweep(file, { jobs: 2, onTrial: (t, p) => seen.push(t.index, p.done) });
    const inline = await runSweep(file, { jobs: 0, documents: true });
    expect(threads.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(seen.filter((_, i) => i % 2 === 1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(threads.map((t) => [t.status, t.metric, t.final])).toEqual(
      inline.map((t) => [t.status, t.metric, t.final]),
    );
    // the metric is the document's final training loss, and the params are the grid's, last fastest
    for (const t of inline) expect(t.metric).toBe(t.document!.final.train.loss);
    expect(inline.slice(0, 2).map((t) => t.params)).toEqual([
      { lr: 0.05, seed: 1, activation: 'tanh' },
      { lr: 0.05, seed: 1, activation: 'sigmoid' },
    ]);
    expect(inline[0]!.document!.config.seed).toBe(1);
  });

  it('keeps the run documents made on worker threads, in memory and in the store (as JSON text), the same as in the calling thread', async () => {
    const inline = await runSweep(file, { jobs: 0, documents: true });
    const threads = await runSweep(file, { jobs: 2, documents: true });
    const out = join(tempDir('gradscope-sweep-doc-'), 's');
    const stored = await runSweep(file, { jobs: 2, documents: true, out });
    const docs = inline.map((t) => t.document);
    expect(docs.every((d) => d !== null && d !== undefined && d.steps === 20)).toBe(true);
    expect(threads.map((t) => t.document)).toEqual(docs);
    expect(stored.map((t) => t.document)).toEqual(docs);
    // stored as JSON text (what SQLite's JSON functions and the Redis path's rows read), not as a blob
    const texts = rows(out).map((r) => r.document);
    expect(texts.map((d) => typeof d)).toEqual(Array(8).fill('string'));
    expect(texts.map((d) => JSON.parse(d!))).toEqual(docs);
  });

  it('records a trial that goes non-finite as failed with its one-line reason, and goes on', async () => {
    const trials = await runSweep(
      {
        ...file,
        base: { data: 'sine', samples: 40, hidden: [4], activation: 'linear', steps: 30, valSplit: 0 },
        parameters: { lr: { values: [1e6, 0.01] } },
      },
      { jobs: 0 },
    );
    expect(trials.map((t) => t.status)).toEqual(['failed', 'done']);
    expect(trials[0]!.error).toMatch(/^non-finite value in \S+ of layer \d+ at step \d+$/);
    expect(trials[0]!.metric).toBeNull();
  });
});
