#!/usr/bin/env node

// The gradscope command line: a thin front end over the core. Bad input exits 2 with one line on
// stderr; a run that turns non-finite exits 3; `diagnose --fail-on` exits 4 on a listed finding;
// anything unexpected exits 1 without a stack trace (set GRADSCOPE_DEBUG=1 to see it).

import { NonFiniteError, UsageError } from '../index.js';
import type { CommandIO } from './commands/types.js';
import { didYouMean } from './suggest.js';
import { packageVersion } from './version.js';

type Command = (argv: readonly string[], io: CommandIO) => number | Promise<number>;

// Each command loads only its own modules: `train` never parses the report or lab code.
const COMMANDS: Record<string, () => Promise<Command>> = {
  train: async () => (await import('./commands/train.js')).runTrain,
  experiment: async () => (await import('./commands/experiment.js')).runExperiment,
  diagnose: async () => (await import('./commands/diagnose.js')).runDiagnose,
  report: async () => (await import('./commands/report.js')).runReport,
  lab: async () => (await import('./commands/lab.js')).runLab,
  export: async () => (await import('./commands/export.js')).runExport,
  sweep: async () => (await import('./commands/sweep.js')).runSweep,
  agent: async () => (await import('./commands/agent.js')).runAgent,
};

const USAGE = `usage: gradscope <command> [flags]

commands:
  train        train a network and measure its gradient flow
  experiment   reproduce a claim of the notes
  diagnose     diagnose a saved run directory
  report       write report.html for a saved run
  lab          serve the web lab
  export       write a saved run's model in another format (--format tfjs)
  sweep        run many trials of a config, here or through Redis (gradscope sweep -h)
  agent        run the trials of distributed sweeps (gradscope agent --redis URL)

flags:
  -h, --help      show this help; gradscope <command> -h shows the flags of one command
  -V, --version   print the version
`;

const io: CommandIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  progress: (t) => process.stderr.write(`\r${t}\x1b[K`),
  isTTY: Boolean(process.stderr.isTTY),
};

function unknownCommand(name: string): UsageError {
  const names = Object.keys(COMMANDS);
  const near = didYouMean(name, [...names, '--help', '--version']);
  return new UsageError(
    'command',
    `one of ${names.join(', ')}${near ? ` (did you mean ${near}?)` : ''}`,
    name,
  );
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '-V' || name === '--version') {
    io.stdout(`gradscope ${packageVersion()}\n`);
    return 0;
  }
  // `gradscope help train` is `gradscope train --help`
  if ((name === 'help' || name === '-h' || name === '--help') && rest.length > 0) {
    return main([rest[0]!, '--help']);
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (name === undefined) {
    io.stdout(USAGE);
    throw new UsageError('command', `one of ${Object.keys(COMMANDS).join(', ')}`, 'nothing');
  }
  const load = COMMANDS[name];
  if (!load) throw unknownCommand(name);
  return (await load())(rest, io);
}

/**
 * Every error is one line with one `gradscope:` prefix: an argument that names a command
 * (`gradscope train`) loses its own `gradscope `, so the line reads `gradscope: train: expected …`.
 */
function errorLine(message: string): string {
  return `gradscope: ${message.replace(/^gradscope /, '')}\n`;
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
    if (io.isTTY) io.stderr('\r\x1b[K'); // clear a progress line
    if (err instanceof UsageError) {
      io.stderr(errorLine(err.message));
      process.exitCode = 2;
    } else if (err instanceof NonFiniteError) {
      io.stderr(errorLine(err.message));
      process.exitCode = 3;
    } else {
      const e = err instanceof Error ? err : new Error(String(err));
      io.stderr(errorLine(`internal error: ${e.message}`));
      if (process.env.GRADSCOPE_DEBUG) io.stderr(`${e.stack}\n`);
      process.exitCode = 1;
    }
  },
);
