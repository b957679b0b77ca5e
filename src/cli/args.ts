// A small, strict flag parser: `--name value`, `--name=value` and boolean `--name` (or `--name=true|false`),
// and `-h` for `--help`. Unknown flags (a word that starts with `-` and a letter), missing values and a
// flag given twice are UsageErrors that name the flag and say what was expected: the nearest flag, or all.

import { UsageError } from '../index.js';
import { didYouMean } from './suggest.js';

export interface FlagSpec {
  /** the key the value is stored under */
  readonly key: string;
  /** boolean flags take no value */
  readonly boolean?: boolean;
  readonly help: string;
  /** shown as the default in --help */
  readonly default?: string;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

export interface ParsedArgs {
  readonly values: Record<string, string | boolean>;
  readonly positional: string[];
}

export function parseArgs(command: string, argv: readonly string[], flags: FlagTable): ParsedArgs {
  const values: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] === '-h' && flags['--help'] ? '--help' : argv[i]!;
    if (!arg.startsWith('--') && !/^-[A-Za-z]/.test(arg)) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const spec = arg.startsWith('--') ? flags[name] : undefined;
    if (!spec) throw unknownFlag(command, name, flags);
    let value: string | boolean;
    if (spec.boolean) value = eq === -1 ? true : parseBoolean(name, arg.slice(eq + 1));
    else {
      const next = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (next === undefined || (eq === -1 && next.startsWith('--'))) {
        throw new UsageError(name, 'a value', next ?? 'nothing');
      }
      value = next;
    }
    // NOTE: `--depth 3 --depth 4` is most likely a slip in a long command: refuse it rather than pick one.
    const before = values[spec.key];
    if (before !== undefined)
      throw new UsageError(name, 'one value (the flag once)', `${before} then ${value}`);
    values[spec.key] = value;
  }
  return { values, positional };
}

/** `--lrr: expected a flag of gradscope train (did you mean --lr?)`, or the list of them all. */
export function unknownFlag(command: string, name: string, flags: FlagTable): UsageError {
  const names = Object.keys(flags);
  const near = didYouMean(name, names);
  const expected = near
    ? `a flag of gradscope ${command} (did you mean ${near}?)`
    : `a flag of gradscope ${command} among ${names.join(' ')}`;
  // NOTE: the argument is the user's text; escape control characters so the error stays one line
  return new UsageError(JSON.stringify(name).slice(1, -1), expected, name);
}

function parseBoolean(name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(name, 'no value, or =true or =false', value);
}

export function formatHelp(usage: string, flags: FlagTable): string {
  const rows = Object.entries(flags).map(([name, s]) => {
    const left = name === '--help' ? '-h, --help' : s.boolean ? name : `${name} <v>`;
    const def = s.default === undefined ? '' : ` (default ${s.default})`;
    return `  ${left.padEnd(26)} ${s.help}${def}`;
  });
  return `${usage}\n\n${rows.join('\n')}\n`;
}
