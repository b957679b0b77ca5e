// npm run bench:soak — memory over a long run: W3 (32→20×32 ReLU, b64) for 1,000,000 steps with the
// diagnostics at the default log interval (--log-every 10), written to a run directory in a temp dir
// exactly as `gradscope train --out` writes it (metrics.jsonl streamed, the bounded history in memory).
// RSS and heap are sampled every second. Flat means no growth with the steps: after the warm-up (the
// first 10% of the steps) the median RSS of the last tenth of the run is within 10% of the median of the
// second tenth. The spread (max − min) is reported too: each checkpoint write (~8 MB of JSON here: the
// 1024 kept history entries with 21 layers' instruments) is a transient spike of some tens of MB.
// Usage: node bench/soak.js [--steps 1000000] [--checkpoint-every 100000]; SOAK_SERIES=1 prints samples.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { kernelsFor } from '../dist/cli/kernels.js';
import { trainInDir } from '../dist/cli/train-dir.js';
import { resolveConfig } from '../dist/core/config.js';
import { createTrainer } from '../dist/core/train/trainer.js';
import { syntheticDataset, WORKLOADS, workloadSettings } from './workloads.js';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '1000000' },
    'checkpoint-every': { type: 'string', default: '100000' },
  },
});
const steps = Number(args.steps);
const w = WORKLOADS['W3 32→20×32 ReLU b64'];
const config = resolveConfig({
  ...workloadSettings(w),
  hidden: w.hidden.join(','),
  steps,
  lr: 0.01,
  seed: 1,
});
const data = syntheticDataset(w, 4096);
const kernels = await kernelsFor(config.dtype);
const trainer = createTrainer(config, { train: data, val: null }, { kernels });
const dir = join(mkdtempSync(join(tmpdir(), 'gradscope-soak-')), 'run');

const samples = [];
const t0 = performance.now();
const sample = () => {
  const m = process.memoryUsage();
  samples.push({
    s: (performance.now() - t0) / 1000,
    step: trainer.stepCount,
    rss: m.rss,
    heap: m.heapUsed,
    external: m.external,
  });
};
const timer = setInterval(sample, 1000);
sample();
const { result } = await trainInDir(trainer, {
  argument: 'soak',
  dir,
  checkpointEvery: Number(args['checkpoint-every']),
  resume: null,
});
clearInterval(timer);
sample();

const MB = 1 / (1 << 20);
const medianOf = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const tenth = (k) => samples.filter((x) => x.step >= (k * steps) / 10 && x.step < ((k + 1) * steps) / 10);
const after = samples.filter((x) => x.step >= steps / 10);
const rss = after.map((x) => x.rss).sort((a, b) => a - b);
const median = rss[rss.length >> 1];
const spread = (rss.at(-1) - rss[0]) / median;
const early = medianOf(tenth(1).map((x) => x.rss));
const late = medianOf(tenth(9).map((x) => x.rss));
const growth = late / early - 1;
const seconds = (performance.now() - t0) / 1000;
const out = {
  steps: result.steps,
  seconds: Math.round(seconds),
  stepsPerSecond: Math.round(result.steps / seconds),
  rssStartMB: Math.round(samples[0].rss * MB),
  rssAfterWarmupMinMB: Math.round(rss[0] * MB),
  rssAfterWarmupMedianMB: Math.round(median * MB),
  rssAfterWarmupMaxMB: Math.round(rss.at(-1) * MB),
  rssSpread: `${(spread * 100).toFixed(1)}%`,
  rssMedianSecondTenthMB: Math.round(early * MB),
  rssMedianLastTenthMB: Math.round(late * MB),
  rssGrowth: `${(growth * 100).toFixed(1)}%`,
  heapMaxMB: Math.round(Math.max(...samples.map((x) => x.heap)) * MB),
  historyKept: result.history.length,
  logged: result.digest?.logged ?? result.history.length,
  metricsMB: Math.round(statSync(join(dir, 'metrics.jsonl')).size * MB),
  summaryMB: +(statSync(join(dir, 'summary.json')).size * MB).toFixed(1),
  checkpointMB: +(statSync(join(dir, 'checkpoint.safetensors')).size * MB).toFixed(1),
  verdict: result.diagnosis.verdict,
  flat: Math.abs(growth) <= 0.1,
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
if (process.env.SOAK_SERIES)
  for (const x of samples)
    process.stderr.write(
      `${x.s.toFixed(0)}s step ${x.step} rss ${Math.round(x.rss * MB)} heap ${Math.round(x.heap * MB)} external ${Math.round(x.external * MB)}\n`,
    );
rmSync(dir, { recursive: true, force: true });
process.exitCode = out.flat ? 0 : 1;
