// Diagnostics overhead on W3 (32 → 20×32 ReLU → 1, batch 64), three ways:
//  1. runTraining end to end with the instruments off and on (logged every 10 steps, the default, and
//     every step, the worst case), probes off; modes in rotation, medians over runs;
//  2. the same work isolated: one trainer alternates blocks of steps as runTraining takes them with the
//     instruments off (measureLayers at a logged step) and on (non-finite check and clip count every
//     step; weight snapshot, measure, read and the LayerStats from them at a logged step), so drift of
//     the machine hits both sides alike;
//  3. milliseconds per Jacobian probe.
// Usage: npm run build && node bench/overhead.js [--reps 9] [--steps 300] [--kernels wasm|reference]

import { resolveConfig } from '../dist/core/config.js';
import { createClipCounter } from '../dist/core/diagnostics/clip-events.js';
import { createInstruments } from '../dist/core/diagnostics/instruments.js';
import { createNonFiniteWatch } from '../dist/core/diagnostics/non-finite.js';
import { createProber } from '../dist/core/diagnostics/probe.js';
import { plainBufferStats } from '../dist/core/kernels/plain-stats.js';
import { referenceKernels } from '../dist/core/kernels/reference.js';
import { layerStatsFrom, measureLayers } from '../dist/core/train/layer-stats.js';
import { runTraining } from '../dist/core/train/run.js';
import { createTrainer } from '../dist/core/train/trainer.js';
import { median, syntheticDataset, WORKLOADS, workloadSettings } from './workloads.js';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const reps = Number(arg('--reps', 9));
const steps = Number(arg('--steps', 300));
const kernelName = arg('--kernels', 'wasm');

const w = WORKLOADS['W3 32→20×32 ReLU b64'];
const data = syntheticDataset(w, 1024);

async function kernelsFor(name) {
  if (name === 'reference') return referenceKernels;
  const { createWasmKernels } = await import('../dist/core/kernels/wasm/index.js');
  // room for every trainer this benchmark creates, so none falls back to staged copies
  return createWasmKernels({ memoryBytes: 1024 * 1024 * 1024 });
}

function trainer(kernels, logEvery) {
  const config = resolveConfig({ ...workloadSettings(w), lr: 0.001, steps, logEvery });
  return createTrainer(config, { train: data, val: null }, { kernels });
}

const MODES = {
  off: { logEvery: 10, options: { instruments: false, probes: false } },
  'on, logged every 10 steps': { logEvery: 10, options: { probes: false } },
  'on, logged every step': { logEvery: 1, options: { probes: false } },
  'off, logged every step': { logEvery: 1, options: { instruments: false, probes: false } },
};

/** the instruments' reductions as the CLI runs them: the WASM twins where the kernels have them */
const statsFor = (kernels) =>
  kernels.bufferStats ? kernels.bufferStats(plainBufferStats) : plainBufferStats;

function timeRun(kernels, mode) {
  const t = trainer(kernels, mode.logEvery);
  const t0 = performance.now();
  runTraining(t, {}, { ...mode.options, stats: statsFor(kernels) });
  return (performance.now() - t0) / steps;
}

async function main() {
  const kernels = await kernelsFor(kernelName);
  for (const mode of Object.values(MODES)) timeRun(kernels, mode); // warm up the JIT on every path
  const ms = Object.fromEntries(Object.keys(MODES).map((k) => [k, []]));
  for (let r = 0; r < reps; r++)
    for (const [k, mode] of Object.entries(MODES)) ms[k].push(timeRun(kernels, mode));
  const base = median(ms.off);
  const baseEvery = median(ms['off, logged every step']);
  console.log(
    `W3, ${kernels.name} kernels, ${steps} steps per run, median of ${reps} runs, node ${process.version}`,
  );
  console.log('| instruments | ms/step (median) | overhead |');
  console.log('|---|---:|---:|');
  for (const k of Object.keys(MODES)) {
    const m = median(ms[k]);
    const ref = k.endsWith('every step') ? baseEvery : base;
    const over = k.startsWith('off') ? '—' : `${(((m - ref) / ref) * 100).toFixed(1)}%`;
    console.log(`| ${k} | ${m.toFixed(3)} | ${over} |`);
  }

  for (const logEvery of [10, 1]) {
    const { plain, instrumented } = isolated(kernels, logEvery);
    console.log(
      `isolated, logged every ${logEvery === 1 ? 'step' : `${logEvery} steps`}: ${plain.toFixed(3)} → ` +
        `${instrumented.toFixed(3)} ms/step, overhead ${(((instrumented - plain) / plain) * 100).toFixed(1)}%`,
    );
  }

  const t = trainer(kernels, 10);
  t.step();
  const prober = createProber(t, { clock: () => performance.now() });
  prober.probe(0);
  const probeMs = Array.from({ length: reps }, () => prober.probe(1).ms);
  const p = prober.probe(1);
  console.log(
    `\nJacobian probe (batch ${p.batch}, ${p.iterations} power steps per norm, 21 blocks + end-to-end, ` +
      `${p.sharpness.points} sharpness points): ${median(probeMs).toFixed(1)} ms median ` +
      `(min ${Math.min(...probeMs).toFixed(1)}, max ${Math.max(...probeMs).toFixed(1)})`,
  );
}

/** Median ms/step of plain steps and of steps with runTraining's instrument work, alternating blocks. */
function isolated(kernels, logEvery) {
  const t = trainer(kernels, logEvery);
  const inst = createInstruments(t.model, { stats: statsFor(kernels) });
  const watch = createNonFiniteWatch(t.model);
  const clips = createClipCounter();
  const block = 50;
  const plainBlock = () => {
    const t0 = performance.now();
    for (let i = 0; i < block; i++) {
      const record = t.step();
      if (record.step % logEvery === 0) measureLayers(t.model, record.batchSize);
    }
    return (performance.now() - t0) / block;
  };
  const instrumentedBlock = () => {
    const t0 = performance.now();
    for (let i = 0; i < block; i++) {
      const logged = (t.stepCount + 1) % logEvery === 0;
      if (logged) inst.rememberWeights();
      const record = t.step();
      clips.add(record.step, record.clip);
      watch.check(record);
      if (logged) {
        inst.measure(record.batchSize);
        layerStatsFrom(t.model, inst.read());
      }
    }
    return (performance.now() - t0) / block;
  };
  for (let i = 0; i < 4; i++) plainBlock() + instrumentedBlock();
  const plain = [];
  const instrumented = [];
  for (let r = 0; r < 6 * reps; r++) {
    plain.push(plainBlock());
    instrumented.push(instrumentedBlock());
  }
  return { plain: median(plain), instrumented: median(instrumented) };
}

main();
