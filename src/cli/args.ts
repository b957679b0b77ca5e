// A small, strict flag parser: `--name value`, `--name=value` and boolean `--name`. Unknown flags and
// missing values are UsageErrors that name the flag and list what was expected.

import { UsageError } from '../core/errors.js';

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
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const spec = flags[name];
    if (!spec) {
      throw new UsageError(`gradscope ${command}`, `a flag among ${Object.keys(flags).join(' ')}`, name);
    }
    if (spec.boolean) {
      values[spec.key] = eq === -1 ? true : arg.slice(eq + 1);
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) {
      throw new UsageError(name, 'a value', value ?? 'nothing');
    }
    values[spec.key] = value;
  }
  return { values, positional };
}

export function formatHelp(usage: string, flags: FlagTable): string {
  const rows = Object.entries(flags).map(([name, s]) => {
    const left = s.boolean ? name : `${name} <v>`;
    const def = s.default === undefined ? '' : ` (default ${s.default})`;
    return `  ${left.padEnd(26)} ${s.help}${def}`;
  });
  return `${usage}\n\n${rows.join('\n')}\n`;
}
