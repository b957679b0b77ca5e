// Hostile and edge input to the CLI: every refusal is exit 2 with one line on stderr that names the
// argument, the expected and the actual value; nothing is written and nothing is lost.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConfigInput, createSession, prepareData, resolveConfig } from '../src/index.js';
import { CLI, gradscope, tempDir } from './helpers/cli.js';
import { trained, writeRunDir } from './helpers/trained.js';

/** Run gradscope and check it refused with exactly one `gradscope: <arg>: expected …, got …` line. */
function refused(args: string[], cwd?: string): string {
  const r = gradscope(args, cwd === undefined ? {} : { cwd });
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^gradscope: .+: expected .+, got .+$/);
  return lines[0]!;
}

describe('gradscope train refuses hostile flags', () => {
  it('numbers must be plain decimals: hex, binary and Infinity are refused', () => {
    for (const v of ['0x10', '0b1', 'Infinity', '1e999', '', ' ']) {
      expect(refused(['train', '--steps', '1', '--depth', v])).toContain('--depth: expected an integer');
    }
    expect(refused(['train', '--steps', '1', '--lr', '0x10'])).toBe(
      'gradscope: --lr: expected a number > 0, got "0x10"',
    );
  });

  it('a flag given twice is refused instead of silently taking one of the values', () => {
    expect(refused(['train', '--depth', '3', '--depth', '4'])).toBe(
      'gradscope: --depth: expected one value (the flag once), got "3 then 4"',
    );
  });

  it('positional arguments to train are refused, not ignored', () => {
    expect(refused(['train', '--steps', '1', 'circle'])).toBe(
      'gradscope: train: expected only flags (--name value), got "circle"',
    );
  });

  it('--json=false means false, and a boolean flag takes only true or false', () => {
    const r = gradscope(['train', '--steps', '1', '--json=false']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('trained')).toBe(true);
    expect(refused(['train', '--steps', '1', '--json=yes'])).toBe(
      'gradscope: --json: expected no value, or =true or =false, got "yes"',
    );
  });
});

describe('--out never loses or half-writes a file', () => {
  it('an existing file, a path under a file and an empty path are refused before training', () => {
    const dir = tempDir();
    const file = join(dir, 'keep.txt');
    writeFileSync(file, 'keep');
    expect(refused(['train', '--steps', '1', '--out', file])).toContain('--out: expected a directory');
    expect(refused(['train', '--steps', '1', '--out', join(file, 'sub')])).toContain('--out:');
    expect(refused(['train', '--steps', '1', '--out', ''])).toContain('--out:');
    expect(readFileSync(file, 'utf8')).toBe('keep');
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });

  it('a path that cannot be created (/proc/x) is refused without hanging', () => {
    const r = gradscope(['train', '--steps', '1', '--out', '/proc/gradscope-x'], { timeout: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--out:');
  });

  it('a directory in the way of one output file leaves every existing file as it was', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'summary.json'));
    writeFileSync(join(dir, 'config.json'), 'old');
    expect(refused(['train', '--steps', '1', '--out', dir])).toContain('summary.json');
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'summary.json']);
  });

  it('missing parent directories are created; files already in the directory are kept', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const out = join(dir, 'a', 'b');
    expect(gradscope(['train', '--steps', '1', '--out', out]).code).toBe(0);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
    expect(gradscope(['train', '--steps', '1', '--out', dir]).code).toBe(0);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('experiment and report refuse an --out they cannot write, naming --out', () => {
    const dir = tempDir();
    const file = join(dir, 'f');
    writeFileSync(file, 'keep');
    expect(refused(['experiment', 'chain', '--out', file])).toContain('--out:');
    const run = join(dir, 'run');
    expect(gradscope(['train', '--steps', '2', '--out', run]).code).toBe(0);
    expect(refused(['report', run, '--out', join(file, 'r.html')])).toContain('--out:');
    expect(refused(['report', run, '--out', ''])).toContain('--out:');
    expect(readFileSync(file, 'utf8')).toBe('keep');
  });
});

describe('CSV edge cases', () => {
  it('an unterminated quote is refused, naming the row', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'q.csv'), 'a,b\n1,0\n2,"1\n');
    expect(refused(['train', '--steps', '1', '--batch-size', '1', '--data', 'q.csv'], dir)).toContain(
      'q.csv row 3: expected a closing "',
    );
  });

  it('a blank line between rows is refused as an empty line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.csv'), 'a,b\n1,0\n\n2,1\n3,0\n');
    expect(refused(['train', '--steps', '1', '--batch-size', '1', '--data', 'b.csv'], dir)).toBe(
      'gradscope: b.csv row 3: expected 2 cells like the header, got "an empty line"',
    );
  });
});

describe('sizes that would hang or run out of memory are refused with the limit', () => {
  it('huge networks, steps and epochs name the flag and the limit', () => {
    expect(refused(['train', '--width', '100000'])).toContain('--width: expected a network of at most');
    expect(refused(['train', '--hidden', '30000,30000'])).toContain(
      '--hidden: expected a network of at most',
    );
    expect(refused(['train', '--hidden', '1e9'])).toContain('--hidden: expected an integer ≥ 1 and ≤ 100000');
    expect(refused(['train', '--steps', '1e12'])).toContain(
      '--steps: expected an integer ≥ 0 and ≤ 10000000',
    );
    expect(refused(['train', '--epochs', '100000', '--batch-size', '1'])).toContain(
      '--epochs: expected at most 10000000 steps',
    );
    expect(refused(['train', '--width', '100000', '--depth', '1'])).toContain('--width: expected at most');
  });

  it('a full batch too large for memory names --batch-size', () => {
    expect(
      refused([
        'train',
        '--samples',
        '200000',
        '--batch-size',
        'full',
        '--hidden',
        '256,256',
        '--steps',
        '0',
      ]),
    ).toContain('--batch-size: expected at most');
  });

  // NOTE: the CLI keeps a bounded history (its runs of up to 10M steps stream to disk); the cap holds for
  // a library session that keeps its whole history in memory
  it('a history too long to keep in memory asks for a larger --log-every or --probe-every', () => {
    const session = (input: ConfigInput) => () => {
      const config = resolveConfig(input);
      createSession(config, prepareData(config));
    };
    expect(session({ steps: 10_000_000 })).toThrow('--log-every: expected ≥ 301');
    expect(session({ steps: 100_000, probeEvery: 1, logEvery: 100 })).toThrow('--probe-every: expected ≥');
  });
});

describe('--init-from and saved runs', () => {
  it('a weights file with NaN or a float64 value past the float32 range is bad input (exit 2), not a failed run', () => {
    const dir = tempDir();
    const run = join(dir, 'run');
    expect(gradscope(['train', '--steps', '1', '--out', run]).code).toBe(0);
    const bytes = new Uint8Array(readFileSync(join(run, 'model.safetensors')));
    const view = new DataView(bytes.buffer);
    const headerLength = Number(view.getBigUint64(0, true));
    view.setFloat32(8 + headerLength, Number.NaN, true); // the first value of the first tensor
    writeFileSync(join(dir, 'nan.safetensors'), bytes);
    expect(refused(['train', '--steps', '1', '--init-from', join(dir, 'nan.safetensors')])).toMatch(
      /expected finite float32 values in layers\.\d\.\w+, got "NaN at index 0"/,
    );
  });

  it('diagnose and report refuse an empty metrics.jsonl instead of calling it healthy', () => {
    const dir = tempDir();
    const run = writeRunDir(join(dir, 'run'), trained({ steps: 1 }));
    const partial = join(dir, 'partial');
    mkdirSync(partial);
    writeFileSync(join(partial, 'config.json'), readFileSync(join(run, 'config.json')));
    writeFileSync(join(partial, 'metrics.jsonl'), '');
    expect(refused(['diagnose', partial])).toContain('expected at least one logged step');
    expect(refused(['report', partial])).toContain('expected at least one logged step');
    expect(existsSync(join(partial, 'report.html'))).toBe(false);
  });

  it('values a float32 model cannot hold are refused at the flag', () => {
    expect(refused(['train', '--bias-init', '1e308'])).toContain('(the float32 range), got "1e308"');
    expect(refused(['train', '--bias-init', '-1e39'])).toContain('--bias-init:');
  });
});

describe('the command line itself', () => {
  it('no command prints the usage and one error line, exit 2', () => {
    const r = gradscope([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('usage: gradscope');
    expect(r.stderr).toBe(
      'gradscope: command: expected one of train, experiment, diagnose, report, lab, export, sweep, agent, got "nothing"\n',
    );
  });

  it('a reader that closes the pipe early ends the run quietly, without a stack trace', () => {
    const r = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${CLI}" experiment chain --out "${tempDir()}" | head -c 1`],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
  });
});

describe('diagnose and report on corrupt run directories', () => {
  const saved = trained({ steps: 2 });

  /** diagnose and report refuse DIR with the same line (but for the command's name); report writes nothing */
  function bothRefuse(dir: string): string {
    const line = refused(['diagnose', dir]);
    expect(refused(['report', dir]).replace('gradscope: report:', 'gradscope: diagnose:')).toBe(line);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    return line;
  }

  it('a summary.json of the wrong shape exits 2 naming the file and the field, never an internal error', () => {
    const run = writeRunDir(join(tempDir(), 'run'), saved);
    const doc = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    doc.history = [null];
    doc.diagnosis = 'x';
    writeFileSync(join(run, 'summary.json'), JSON.stringify(doc));
    expect(bothRefuse(run)).toBe(
      `gradscope: ${join(run, 'summary.json')}: history[0]: expected an object, got null`,
    );
  });

  it('a summary.json without a version (an older gradscope, or another program) is refused at `version`', () => {
    const run = writeRunDir(join(tempDir(), 'run'), saved);
    const { version: _, ...doc } = saved.json;
    writeFileSync(join(run, 'summary.json'), JSON.stringify(doc));
    expect(bothRefuse(run)).toBe(
      `gradscope: ${join(run, 'summary.json')}: version: expected 1 (the run-document format this gradscope reads), got nothing`,
    );
  });

  it('without summary.json, a bad metrics line is named by its path, line and field', () => {
    const run = writeRunDir(join(tempDir(), 'run'), saved);
    rmSync(join(run, 'summary.json'));
    const lines = readFileSync(join(run, 'metrics.jsonl'), 'utf8').trim().split('\n');
    lines[1] = JSON.stringify({ ...JSON.parse(lines[1]!), gradNorm: 'big' });
    writeFileSync(join(run, 'metrics.jsonl'), `${lines.join('\n')}\n`);
    expect(bothRefuse(run)).toBe(
      `gradscope: ${join(run, 'metrics.jsonl')} line 2: gradNorm: expected an array, got "big"`,
    );
  });

  it('invalid JSON is named by its path in the run directory', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'summary.json'), '{bad');
    expect(bothRefuse(dir)).toContain(`${join(dir, 'summary.json')}: expected valid JSON`);
  });

  it('a directory with neither summary.json nor metrics.jsonl is refused by both', () => {
    expect(bothRefuse(tempDir())).toMatch(/: expected a directory written by train --out/);
  });
});
