// The command line's own flags: -h/--help and -V/--version at the top and -h for every command, a
// "did you mean" for a mistyped command, and one `gradscope:` prefix on every error line.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradscope, tempDir } from './helpers/cli.js';

const COMMANDS = ['train', 'experiment', 'diagnose', 'report', 'lab', 'export', 'sweep', 'agent'];
const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8'));

describe('gradscope --help and --version', () => {
  it.each(['-V', '--version'])('%s prints the package.json version', (flag) => {
    expect(gradscope([flag])).toEqual({ code: 0, stdout: `gradscope ${version}\n`, stderr: '' });
  });

  it.each(['-h', '--help', 'help'])('%s prints the usage with every command and exits 0', (flag) => {
    const r = gradscope([flag]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^usage: gradscope <command> \[flags\]/);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.stdout).toContain('-V, --version');
  });

  it.each(COMMANDS)('%s: -h, --help and help <command> print the same usage of that command', (command) => {
    const short = gradscope([command, '-h']);
    expect(short.code).toBe(0);
    expect(short.stderr).toBe('');
    expect(short.stdout).toMatch(new RegExp(`^usage: gradscope ${command}`));
    expect(short.stdout).toContain('-h, --help');
    expect(gradscope([command, '--help'])).toEqual(short);
    expect(gradscope(['help', command])).toEqual(short);
  });
});

describe('error lines', () => {
  it('a mistyped command is refused with the nearest command, exit 2', () => {
    expect(gradscope(['trian'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'gradscope: command: expected one of train, experiment, diagnose, report, lab, export, sweep, agent (did you mean train?), got "trian"\n',
    });
    expect(gradscope(['zzzzzz']).stderr).toBe(
      'gradscope: command: expected one of train, experiment, diagnose, report, lab, export, sweep, agent, got "zzzzzz"\n',
    );
  });

  it('an experiment name one letter off suggests the experiment', () => {
    const r = gradscope(['experiment', 'chian']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('(did you mean chain?), got "chian"');
  });

  it.each([
    [['train', 'circle']],
    [['train', '--lrr', '1']],
    [['diagnose']],
    [['diagnose', tempDir()]],
    [['report']],
    [['experiment']],
    [['lab', 'x']],
    [['nope']],
    [[]],
  ])('gradscope %j: one line on stderr, starting with one gradscope: prefix', (args) => {
    const r = gradscope(args);
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gradscope: (?!gradscope)\S.*: expected .+, got .+$/);
  });
});
