// Print the README's `train` flag table from the settings table, and write it into README.md (only those
// lines). `--check` writes nothing and exits 1 when README.md differs. Runs the built dist/.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flagTable, withFlagTable } from '../dist/cli/flag-table.js';

const readmePath = join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const next = withFlagTable(readme, flagTable());
if (process.argv.includes('--check')) {
  if (next !== readme) {
    process.stderr.write('README.md: the flag table differs from the settings; run npm run docs:settings\n');
    process.exit(1);
  }
} else {
  process.stdout.write(`${flagTable().join('\n')}\n`);
  if (next !== readme) writeFileSync(readmePath, next);
}
