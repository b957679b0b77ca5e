#!/usr/bin/env node

// The gradscope command line: a thin front end over the core. Bad input exits 2 with one line on
// stderr; a run that turns non-finite exits 3; anything unexpected exits 1 without a stack trace
// (set GRADSCOPE_DEBUG=1 to see it).

import { NonFiniteError, UsageError } from '../index.js';
import type { CommandIO } from './commands/types.js';

type Command = (argv: readonly string[], io: CommandIO) => number | Promise<number>;

// Each command loads only its own modules: `train` never parses the report or lab code.
const COMMANDS: Record<string, () => Promise<Command>> = {
  train: async () => (await import('./commands/train.js')).runTrain,
  experiment: async () => (await import('./commands/experiment.js')).runExperiment,
  diagnose: async () => (await import('./commands/diagnose.js')).runDiagnose,
  report: async () => (await import('./commands/report.js')).runReport,
  lab: async () => (await import('./commands/lab.js')).runLab,
  export: async () => (await import('./commands/export.js')).runExport,
};

const USAGE = `usage: gradscope <command> [flags]

commands:
  train        train a network and measure its gradient flow
  experiment   reproduce a claim of the notes
  diagnose     diagnose a saved run directory
  report       write report.html for a saved run
  lab          serve the web lab

Run gradscope <command> --help for the flags of one command.
`;

const io: CommandIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  progress: (t) => process.stderr.write(`\r${t}\x1b[K`),
  isTTY: Boolean(process.stderr.isTTY),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (name === undefined) {
    io.stdout(USAGE);
    throw new UsageError('gradscope', `a command among ${Object.keys(COMMANDS).join(', ')}`, 'nothing');
  }
  const load = COMMANDS[name];
  if (!load) throw new UsageError('gradscope', `a command among ${Object.keys(COMMANDS).join(', ')}`, name);
  return (await load())(rest, io);
}

// NOTE: `gradscope train --json | head -c 100` closes the pipe early; that is the reader's choice, not
// an error, so it ends the process quietly instead of with an unhandled 'error' event and its stack.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (io.isTTY) io.stderr('\n');
    if (err instanceof UsageError) {
      io.stderr(`gradscope: ${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof NonFiniteError) {
      io.stderr(`gradscope: ${err.message}\n`);
      process.exitCode = 3;
    } else {
      const e = err instanceof Error ? err : new Error(String(err));
      io.stderr(`gradscope: internal error: ${e.message}\n`);
      if (process.env.GRADSCOPE_DEBUG) io.stderr(`${e.stack}\n`);
      process.exitCode = 1;
    }
  },
);
