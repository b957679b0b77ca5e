// CSV read + parse time: a 4096 × 784 numeric CSV (783 features and a 0..9 label, ~24 MB), written to a
// temp file, then read by the CLI's reader and parsed as `train --data` does (float32: passes over the
// file a chunk at a time), 5 times; and, for comparison, as text read whole (the lab's path, parseCsv on a
// string). Usage: npm run build && node bench/csv.js [--reps 5]

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../dist/index.js';
import { readChunks, readText } from '../dist/node/io.js';
import { median } from './workloads.js';

const args = process.argv.slice(2);
const reps = Number(args.includes('--reps') ? args[args.indexOf('--reps') + 1] : 5);
const ROWS = 4096;
const COLS = 784;

// A fixed LCG: the same file every run, values like pixel intensities scaled to [0, 1).
let state = 12345;
const next = () => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 4294967296;
};
const lines = [Array.from({ length: COLS }, (_, j) => (j === COLS - 1 ? 'label' : `x${j + 1}`)).join(',')];
for (let r = 0; r < ROWS; r++) {
  const cells = Array.from({ length: COLS - 1 }, () => next().toFixed(4));
  cells.push(String(Math.floor(next() * 10)));
  lines.push(cells.join(','));
}
const dir = mkdtempSync(join(tmpdir(), 'gradscope-bench-csv-'));
const path = join(dir, 'mnist-like.csv');
writeFileSync(path, `${lines.join('\n')}\n`);
const bytes = statSync(path).size;

const opts = { source: path, argument: '--data', dtype: 'float32' };
const ways = {
  chunks: () => parseCsv(readChunks('--data', path, 'CSV file'), opts),
  text: () => parseCsv(readText('--data', path, 'CSV file'), opts),
};
const times = { chunks: [], text: [] };
let ds;
// alternated, so that both see the same load
for (let i = 0; i < reps; i++) {
  for (const [way, read] of Object.entries(ways)) {
    const t0 = performance.now();
    ds = read();
    times[way].push(performance.now() - t0);
  }
}
rmSync(dir, { recursive: true, force: true });
const rss = Math.round(process.memoryUsage().rss / 1e6);
const shown = (way) =>
  `median ${median(times[way]).toFixed(0)} ms over ${reps} (${times[way].map((t) => t.toFixed(0)).join(', ')})`;
console.log(
  `csv ${ROWS}×${COLS} (${(bytes / 1e6).toFixed(1)} MB, n=${ds.n}, inputDim=${ds.inputDim}): ` +
    `read+parse ${shown('chunks')}; as text read whole ${shown('text')}; rss ${rss} MB`,
);
