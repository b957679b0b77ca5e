// Run directories that survive: `train --out` killed with SIGKILL at random moments leaves a directory
// that diagnose and report read; a run stopped by SIGKILL after a checkpoint, or by SIGINT, and resumed
// is byte-identical to the uninterrupted run; a NaN/Inf run saves its last finite weights.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../src/core/rng.js';
import { decodeSafetensors } from '../src/index.js';
import { CLI, gradscope, tempDir } from './helpers/cli.js';

interface Done {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function start(args: readonly string[]): { child: ChildProcess; done: Promise<Done> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, GRADSCOPE_DEBUG: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<Done>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** the CLI without blocking the event loop (the other runs' kill timers must fire on time) */
async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { done } = start(args);
  const r = await done;
  return { code: r.code ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(test: () => boolean, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await sleep(5);
  }
}

/** what a run's files hold, probe timings aside */
function numbers(dir: string): { model: Buffer; metrics: string; summary: unknown } {
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  for (const p of summary.probes) delete p.ms;
  return {
    model: readFileSync(join(dir, 'model.safetensors')),
    metrics: readFileSync(join(dir, 'metrics.jsonl'), 'utf8'),
    summary,
  };
}

const temps = (dir: string) => readdirSync(dir).filter((n) => /\.tmp-/.test(n));

// NOTE: 20 kills, 4 at a time, keep the test near 30 s on a 2-core machine; GRADSCOPE_KILLS=50 runs the
// issue's 50 (about a minute)
const KILLS = Number(process.env.GRADSCOPE_KILLS ?? 20);
const PARALLEL = 4;

describe('train --out killed at random moments', () => {
  it(`${KILLS} SIGKILLs leave directories that diagnose and report read, and no stale temp file survives the next write`, async () => {
    const root = tempDir();
    const rng = createRng(2024);
    const outcomes = { none: 0, incomplete: 0, complete: 0, oneLine: 0 };
    const one = async (i: number): Promise<void> => {
      const dir = join(root, `run${i}`);
      // checkpoints and metrics are written often, so kills land in writes too
      const { child, done } = start([
        'train',
        ...['--data', 'spiral', '--depth', '4', '--width', '48', '--steps', '600', '--log-every', '2'],
        ...['--checkpoint-every', '25', '--out', dir],
      ]);
      // a tenth of the kills at a random moment of the start-up (before anything is written), the rest at
      // a random moment of the ~1.5 s the run writes for, counted from its first logged step (so a loaded
      // machine's slower start-up does not turn them into start-up kills)
      const metrics = join(dir, 'metrics.jsonl');
      if (rng.next() < 0.1) await sleep(rng.next() * 1000);
      else {
        await until(() => (existsSync(metrics) && statSync(metrics).size > 0) || child.exitCode !== null);
        await sleep(rng.next() * 1500);
      }
      child.kill('SIGKILL');
      const end = await done;
      if (!existsSync(dir)) {
        expect(end.signal, end.stderr).toBe('SIGKILL');
        outcomes.none++;
        return;
      }
      const d = await cli(['diagnose', dir]);
      if (d.code === 0) {
        expect(d.stdout).toContain('diagnosis:');
        if (existsSync(join(dir, 'summary.json'))) outcomes.complete++;
        else {
          expect(d.stdout).toMatch(/incomplete: last logged step \d+ of 600/);
          outcomes.incomplete++;
        }
      } else {
        // killed before the first logged step: one line saying what is missing
        expect(d.code, d.stderr).toBe(2);
        expect(d.stderr.trim().split('\n')).toHaveLength(1);
        expect(d.stderr).toMatch(/config\.json|metrics\.jsonl|logged step/);
        outcomes.oneLine++;
      }
      // report writes report.html into DIR: the next write, which removes a killed writer's temp files
      const r = await cli(['report', dir]);
      expect([0, 2]).toContain(r.code);
      expect(r.code === 0 ? r.stdout : r.stderr.trim().split('\n')).toHaveLength(
        r.code === 0 ? r.stdout.length : 1,
      );
      if (r.code === 0) expect(temps(dir)).toEqual([]);
    };
    for (let i = 0; i < KILLS; i += PARALLEL) {
      await Promise.all(Array.from({ length: Math.min(PARALLEL, KILLS - i) }, (_, k) => one(i + k)));
    }
    expect(outcomes.incomplete + outcomes.complete, JSON.stringify(outcomes)).toBeGreaterThan(KILLS / 4);
    console.log(`${KILLS} kills: ${JSON.stringify(outcomes)}`);
  }, 300_000);
});

describe('train --resume', () => {
  const RUN = ['--data', 'spiral', '--depth', '4', '--width', '48', '--steps', '300', '--log-every', '5'];
  const SETTINGS = [...RUN, '--optimizer', 'adam', '--lr', '0.01', '--dropout', '0.1', '--val-split', '0.2'];
  const RESUMABLE = [...SETTINGS, '--probe-every', '50'];

  it('a run killed after its step-150 checkpoint, or stopped by SIGINT, resumes to the uninterrupted run byte for byte', async () => {
    const root = tempDir();
    const whole = join(root, 'whole');
    expect(gradscope(['train', ...RESUMABLE, '--out', whole]).code).toBe(0);
    const want = numbers(whole);

    const killed = join(root, 'killed');
    const k = start(['train', ...RESUMABLE, '--checkpoint-every', '150', '--out', killed]);
    await until(() => existsSync(join(killed, 'checkpoint.safetensors')));
    k.child.kill('SIGKILL');
    expect((await k.done).signal).toBe('SIGKILL');
    expect(existsSync(join(killed, 'summary.json'))).toBe(false); // it really was stopped mid-run

    const stopped = join(root, 'stopped');
    const s = start(['train', ...RESUMABLE, '--out', stopped]);
    await until(
      () =>
        existsSync(join(stopped, 'metrics.jsonl')) && readFileSync(join(stopped, 'metrics.jsonl')).length > 0,
    );
    s.child.kill('SIGINT');
    const sd = await s.done;
    expect(sd.code).toBe(130);
    const marked = JSON.parse(readFileSync(join(stopped, 'summary.json'), 'utf8'));
    expect(marked.interrupted).toBe(true);
    expect(marked.steps).toBeLessThan(300);
    expect(gradscope(['diagnose', stopped]).stdout).toContain(`interrupted at step ${marked.steps}`);

    for (const dir of [killed, stopped]) {
      const r = gradscope(['train', '--resume', dir]);
      expect(r.code, r.stderr).toBe(0);
      const got = numbers(dir);
      expect(got.model.equals(want.model)).toBe(true);
      expect(got.metrics).toBe(want.metrics);
      expect(got.summary).toEqual(want.summary);
    }
  }, 60_000);

  it('a finished run resumed with --steps 500 equals one 500-step run, when its last step was logged only as the end', () => {
    // --log-every 7: step 300 is logged by the 300-step run (its end) and not by the 500-step run
    const value: Record<string, string> = { '--log-every': '7' };
    const steps = (n: number) => [
      ...SETTINGS.map((x, i) => (SETTINGS[i - 1] === '--steps' ? String(n) : (value[SETTINGS[i - 1]!] ?? x))),
      ...['--probe-every', '60'],
    ];
    const root = tempDir();
    const long = join(root, 'long');
    expect(gradscope(['train', ...steps(500), '--out', long]).code).toBe(0);
    const grown = join(root, 'grown');
    expect(gradscope(['train', ...steps(300), '--checkpoint-every', '100', '--out', grown]).code).toBe(0);
    expect(readFileSync(join(grown, 'metrics.jsonl'), 'utf8')).toContain('{"step":300,');
    const r = gradscope(['train', '--resume', grown, '--steps', '500']);
    expect(r.code, r.stderr).toBe(0);
    const got = numbers(grown);
    const want = numbers(long);
    expect(got.model.equals(want.model)).toBe(true);
    expect(got.metrics).toBe(want.metrics);
    expect(got.summary).toEqual(want.summary);
  }, 60_000);

  it('refuses another config, flags beside --resume and a directory without a checkpoint, with one line', () => {
    const root = tempDir();
    const dir = join(root, 'run');
    expect(gradscope(['train', ...RUN, '--checkpoint-every', '100', '--out', dir]).code).toBe(0);
    const flags = gradscope(['train', '--resume', dir, '--lr', '0.5']);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toBe(
      `gradscope: --resume: expected only --steps, --checkpoint-every and --json beside it (the run's settings are in ${dir}/config.json), got "--lr"\n`,
    );
    const bare = join(root, 'bare');
    expect(gradscope(['train', ...RUN, '--out', bare]).code).toBe(0);
    const none = gradscope(['train', '--resume', bare]);
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toContain('checkpoint.safetensors');
    // it says how a run gets a checkpoint, not only that the file is missing
    expect(none.stderr).toContain('--checkpoint-every');
    // a checkpoint from another run's config
    const other = join(root, 'other');
    expect(
      gradscope(['train', ...RUN, '--lr', '0.5', '--checkpoint-every', '100', '--out', other]).code,
    ).toBe(0);
    const { writeFileSync } = require('node:fs') as typeof import('node:fs');
    writeFileSync(join(dir, 'checkpoint.safetensors'), readFileSync(join(other, 'checkpoint.safetensors')));
    const mixed = gradscope(['train', '--resume', dir]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(
      /--resume: expected a checkpoint of the config in .*config\.json, got .*\(lr differs\)/,
    );
  });
});

describe('a NaN/Inf run', () => {
  it('saves the weights from before the bad step, which --init-from accepts', () => {
    const dir = join(tempDir(), 'run');
    const nan = ['--data', 'sine', '--depth', '2', '--width', '8', '--activation', 'tanh'];
    const r = gradscope(['train', ...nan, '--lr', '1e6', '--steps', '50', '--out', dir]);
    expect(r.code).toBe(3);
    const doc = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(doc.weightsStep).toBe(doc.nonFinite.step - 1);
    expect(doc.steps).toBe(doc.nonFinite.step);
    const { tensors } = decodeSafetensors(
      new Uint8Array(readFileSync(join(dir, 'model.safetensors'))),
      'model',
    );
    const values = Object.values(tensors).flatMap((t) => Array.from(t.data));
    expect(values.length).toBeGreaterThan(0);
    expect(values.every(Number.isFinite)).toBe(true);
    const again = gradscope([
      'train',
      ...nan,
      '--lr',
      '1e-12',
      '--steps',
      '1',
      '--init-from',
      join(dir, 'model.safetensors'),
    ]);
    // accepted: the weights load (the run itself may overflow again: they are huge, but finite)
    expect(again.stderr).not.toContain('--init-from');
    expect(again.code).not.toBe(2);
  });

  it('--on-nonfinite skip drops the bad updates, counts them and stops after 10 in a row', () => {
    const r = gradscope([
      'train',
      ...['--data', 'sine', '--depth', '2', '--width', '8', '--activation', 'tanh'],
      '--lr',
      '1e6',
      '--steps',
      '50',
      '--on-nonfinite',
      'skip',
      '--json',
    ]);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.skippedSteps).toBe(10);
    expect(doc.steps).toBe(doc.nonFinite.step + 9);
    expect(doc.weightsStep).toBe(doc.nonFinite.step - 1);
    expect(Number.isFinite(doc.final.train.loss)).toBe(true);
  });
});
