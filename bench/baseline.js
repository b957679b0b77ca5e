// npm run bench: median training samples/s (forward + backward + SGD) of gradscope on W1–W3.
// Usage: node bench/baseline.js [--reps 7] [--kernels reference|wasm]

// NOTE: this times trainer.step() alone, the one step without the session's diagnostics: the kernels'
// speed. bench:compare times the session, as `gradscope train` steps it.
import { createTrainer, resolveConfig, selectKernels } from '../dist/index.js';
import { median, syntheticDataset, WORKLOADS, workloadSettings } from './workloads.js';

const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1] || 7) || 7;
const kernelName = args.includes('--kernels') ? args[args.indexOf('--kernels') + 1] : 'reference';

const kernelsFor = (name) =>
  selectKernels({ dtype: 'float32', prefer: name === 'reference' ? 'reference' : 'wasm' });

async function main() {
  const kernels = await kernelsFor(kernelName);
  const rows = [];
  for (const [name, w] of Object.entries(WORKLOADS)) {
    const data = syntheticDataset(w, Math.max(w.batch * 8, 256));
    const config = resolveConfig({ ...workloadSettings(w), lr: 0.01, steps: 1 });
    const trainer = createTrainer(config, { train: data, val: null }, { kernels });
    // warm up the JIT, then time fixed-length repetitions of ~0.3 s each
    const t0 = performance.now();
    let warm = 0;
    while (performance.now() - t0 < 300) {
      trainer.step();
      warm++;
    }
    const stepsPerRep = Math.max(5, warm);
    const rates = [];
    for (let r = 0; r < reps; r++) {
      const start = performance.now();
      for (let i = 0; i < stepsPerRep; i++) trainer.step();
      const secs = (performance.now() - start) / 1000;
      rates.push((stepsPerRep * w.batch) / secs);
    }
    rows.push({ name, samplesPerSec: median(rates), min: Math.min(...rates), max: Math.max(...rates) });
  }
  console.log(`gradscope ${kernels.name} kernels, median of ${reps} repetitions, node ${process.version}`);
  console.log('| workload | samples/s (median) | min | max |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${Math.round(r.samplesPerSec).toLocaleString('en-US')} | ${Math.round(r.min).toLocaleString('en-US')} | ${Math.round(r.max).toLocaleString('en-US')} |`,
    );
  }
}

main();
