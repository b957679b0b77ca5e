// The README's flag table and `gradscope train --help` say what the settings table says.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagRows, flagTable, readFlagRows, withFlagTable } from '../src/cli/flag-table.js';
import { TRAIN_FLAGS } from '../src/cli/train-flags.js';
import { SETTINGS } from '../src/core/settings/index.js';
import { gradscope } from './helpers/cli.js';

const README = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');

describe("the README's table of train flags", () => {
  it('has a row for every setting and CLI flag, with the help line and the default text of each (npm run docs:settings writes it)', () => {
    expect(readFlagRows(README)).toEqual(flagRows());
  });

  it('is written exactly as the generator writes it', () => {
    expect(withFlagTable(README)).toBe(README);
  });

  it('readFlagRows reads what flagTable writes, and withFlagTable changes only the table', () => {
    const doc = `# x\n\nEvery \`train\` flag, with its default:\n\n| a | b | c |\n|---|---|---|\n| old | row | |\n\nafter\n`;
    const rows = [{ flag: '`--lr`', meaning: 'learning rate', default: '0.1' }];
    const next = withFlagTable(doc, flagTable(rows));
    expect(readFlagRows(next)).toEqual(rows);
    expect(next.startsWith('# x\n\nEvery `train` flag, with its default:\n\n| flag |')).toBe(true);
    expect(next.endsWith('| `--lr` | learning rate | 0.1 |\n\nafter\n')).toBe(true);
  });
});

describe('gradscope train flags', () => {
  it('TRAIN_FLAGS has each setting under its flag, then --init-from, --init-from-partial, --out, --checkpoint-every, --resume, --json and --help', () => {
    expect(Object.keys(TRAIN_FLAGS)).toEqual([
      ...SETTINGS.map((s) => s.flag),
      '--init-from',
      '--init-from-partial',
      '--out',
      '--checkpoint-every',
      '--resume',
      '--json',
      '--help',
    ]);
    for (const s of SETTINGS) expect(TRAIN_FLAGS[s.flag]?.key).toBe(s.key);
    expect(TRAIN_FLAGS['--residual']?.boolean).toBe(true);
    expect(TRAIN_FLAGS['--lr']).toEqual({ key: 'lr', help: 'learning rate η > 0', default: '0.1' });
  });

  it('train --help lists every setting with its help line and default', () => {
    const r = gradscope(['train', '--help']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const s of SETTINGS) {
      const row = lines.find((l) => l.trimStart().startsWith(`${s.flag} `));
      expect(row, s.flag).toBeDefined();
      expect(row).toContain(s.help.replaceAll('`', ''));
      if (s.defaultText !== '') expect(row).toContain(`(default ${s.defaultText.replaceAll('`', '')})`);
    }
  });
});
