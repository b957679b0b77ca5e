// The README's table of `train` flags, made from the settings table and the CLI's own flags, and the one
// place in README.md it goes: the table under the line TABLE_INTRO.

import { SETTINGS, UsageError } from '../index.js';
import { CLI_FLAGS } from './train-flags.js';

export const TABLE_INTRO = 'Every `train` flag, with its default:';

export interface FlagRow {
  /** the flag cell, e.g. `--lr`, `--out DIR` */
  readonly flag: string;
  readonly meaning: string;
  readonly default: string;
}

export function flagRows(): FlagRow[] {
  return [
    ...SETTINGS.map((s) => ({ flag: `\`${s.flag}\``, meaning: s.help, default: s.defaultText })),
    ...CLI_FLAGS.filter((f) => f.documented !== false).map((f) => ({
      flag: `\`${f.flag}${f.value === undefined ? '' : ` ${f.value}`}\``,
      meaning: f.help,
      default: '',
    })),
  ];
}

const line = (cells: readonly string[]): string =>
  `|${cells.map((c) => (c === '' ? ' ' : ` ${c} `)).join('|')}|`;

/** The markdown table, one line each. */
export function flagTable(rows: readonly FlagRow[] = flagRows()): string[] {
  return [
    line(['flag', 'meaning', 'default']),
    '|---|---|---|',
    ...rows.map((r) => line([r.flag, r.meaning, r.default])),
  ];
}

/** Where the table stands in `readme`: its first line and one past its last. */
function tableSpan(readme: readonly string[]): { start: number; end: number } {
  const intro = readme.indexOf(TABLE_INTRO);
  if (intro === -1) throw new UsageError('README.md', `a line "${TABLE_INTRO}" above the flag table`, 'none');
  let start = intro + 1;
  while (readme[start] === '') start++;
  let end = start;
  while (readme[end]?.startsWith('|')) end++;
  if (end === start)
    throw new UsageError('README.md', `a table under "${TABLE_INTRO}"`, readme[start] ?? 'the end');
  return { start, end };
}

/** The rows of the README's flag table as written (header and separator left out). */
export function readFlagRows(readme: string): FlagRow[] {
  const lines = readme.split('\n');
  const { start, end } = tableSpan(lines);
  return lines.slice(start + 2, end).map((l) => {
    const [flag = '', meaning = '', def = ''] = l
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
    return { flag, meaning, default: def };
  });
}

/** `readme` with its flag table replaced by `table`; nothing else changes. */
export function withFlagTable(readme: string, table: readonly string[] = flagTable()): string {
  const lines = readme.split('\n');
  const { start, end } = tableSpan(lines);
  return [...lines.slice(0, start), ...table, ...lines.slice(end)].join('\n');
}
