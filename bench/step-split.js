// node bench/step-split.js [--reps 7] [--only W3] [--ms 40] — where a fused training step's time goes, in
// one process (WASM kernels, float32, SGD, no clipping, as `gradscope train` runs W1–W3 by default).
// Three tables, medians over reps of this process's CPU time (user + system: on the shared 2-core machine
// steadier than wall time, which the whole step's line also gives), the measurements alternating rep by rep:
// 1. The whole step: trainer.step() on the fused path (one WASM call, assembly/step.ts).
// 2. The step replayed kernel by kernel: the kernels assembly/step.ts calls, at the step's shapes and on
//    per-layer buffers as the step's plan lays them out, each phase (e.g. the 21 forward GEMMs of W3)
//    timed alone in a tight loop, on a second instance of the same module; then all phases in order.
//    The replay makes one JS→WASM call per kernel (the step makes none); the "calls" row says what
//    that costs. Not replayed: the step's zero-fill of the gradients (a JS fill stands in), its targets
//    copy and its plan reads, and the trainer's JS around the call (sampler, buffer check, record).
// 3. GEMM rates: the W3 products (64×32×32) in the three forms the step uses, the large shapes (512³)
//    and the fixed cost of a call (8³, 4³, 1³ and an empty product) in ns a call, same run.
// Inside a GEMM (micro-kernel, packing, loop), a CPU profile says more: `node --cpu-prof` on a loop of
// trainer.step() shows the module's functions as wasm-function[i]; `asc … --debug` builds the same code
// with a name section, which names each index (scripts/build-wasm.mjs has the flags).
// Usage: npm run build && node bench/step-split.js   (or npm run bench:step-split)

import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { instantiateKernels, reserveMemory } from '../dist/core/kernels/wasm/instantiate.js';
import { createRng } from '../dist/core/rng.js';
import { createTrainer, createWasmKernels, resolveConfig } from '../dist/index.js';
import { median, syntheticDataset, WORKLOADS, workloadSettings } from './workloads.js';

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '7' },
    only: { type: 'string', default: 'W1,W2,W3' },
    ms: { type: 'string', default: '40' },
  },
});
const reps = Number(args.reps);
const REP_MS = Number(args.ms); // each timed repetition runs about this long
const ROWS = 1280; // training-set rows, as bench:compare

const fmt = (x, d = 1) => x.toFixed(d);
const GROUPS = [
  ['gemm', 'GEMMs: forward, dW, dx'],
  ['elementwise', 'bias add, activation forward and backward, loss, bias gradient'],
  ['update', 'gradient norm and SGD update'],
  ['input', 'gather, zero the gradients'],
];

/** Calls fn until a repetition lasts ~REP_MS; returns how many calls that takes. */
function calibrate(fn) {
  fn();
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const ms = performance.now() - t0;
    if (ms >= REP_MS / 4) return Math.max(1, Math.round((n * REP_MS) / ms));
    n *= 4;
  }
}

/** This process's CPU time in µs (user + system): steadier than wall time when other work shares the cores. */
function cpuUs() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * µs a call of every fn in `cases`, one list of reps each (CPU time; `wall` holds the wall times); the
 * cases alternate within each rep.
 */
function timeCases(cases) {
  const inner = cases.map((c) => calibrate(c.fn));
  const us = cases.map(() => []);
  const wall = cases.map(() => []);
  for (let r = 0; r < reps; r++) {
    const order = cases.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      const fn = cases[i].fn;
      const n = inner[i];
      const c0 = cpuUs();
      const t0 = performance.now();
      for (let k = 0; k < n; k++) fn();
      wall[i].push(((performance.now() - t0) * 1000) / n);
      us[i].push((cpuUs() - c0) / n);
    }
  }
  us.wall = wall;
  return us;
}

/** the median over reps of a's share of b, in % (each rep's pair was timed minutes apart at most) */
const share = (a, b) => median(a.map((x, r) => (100 * x) / b[r]));

/** A bare module instance with a bump allocator over its memory (16-byte aligned). */
async function bareModule(bytes) {
  const memory = reserveMemory(bytes);
  const { exports: wasm } = await instantiateKernels(memory);
  let top = (wasm.heapBase() + 15) & ~15;
  const take = (n) => {
    const at = top;
    top = (top + n + 15) & ~15;
    if (top > memory.buffer.byteLength) throw new Error('step-split: bare module memory is full');
    return at;
  };
  const scratch = take(wasm.gemmScratchBytes());
  wasm.setGemmScratch(scratch);
  const f32 = (n, fill) => {
    const at = take(n * 4);
    const v = new Float32Array(memory.buffer, at, n);
    if (fill) for (let i = 0; i < n; i++) v[i] = fill(i);
    return { at, v };
  };
  return { wasm, memory, take, f32 };
}

/** The whole fused step: µs a trainer.step() */
async function wholeStep(w, data) {
  const config = resolveConfig({ ...workloadSettings(w), lr: 0.01, steps: 1, dtype: 'float32' });
  const trainer = createTrainer(
    config,
    { train: data, val: null },
    { kernels: await createWasmKernels(), fused: true },
  );
  trainer.step();
  if (trainer.stepPath !== 'fused') throw new Error(`step-split: ${trainer.stepPath}`);
  return () => trainer.step();
}

/**
 * The phases of one fused step (assembly/step.ts denseTrainStep, in its order), each a function that
 * makes that phase's kernel calls for every layer, at the step's shapes.
 */
async function replayPhases(w, data) {
  const B = w.batch;
  const widths = [w.inputDim, ...w.hidden, w.outputDim];
  const L = widths.length - 1;
  const m = await bareModule(64 * 1024 * 1024);
  const wasm = { ...m.wasm }; // a plain table, so countCalls can swap its entries
  const rng = createRng(7);
  // the data set as the step reads it: float64 rows resident in the memory
  const xAt = m.take(data.x.length * 8);
  new Float64Array(m.memory.buffer, xAt, data.x.length).set(data.x);
  const idxAt = m.take(B * 4);
  const idx = new Uint32Array(m.memory.buffer, idxAt, B);
  for (let r = 0; r < B; r++) idx[r] = (r * 7) % data.n;
  // one flat parameter and gradient buffer (W then b, layer by layer), as the model lays them out
  const P = widths.slice(1).reduce((s, O, l) => s + O * widths[l] + O, 0);
  const params = m.f32(P, () => 0.3 * rng.normal());
  const grads = m.f32(P);
  const maskAt = m.take(P);
  // the SGD call as the update kernels write it (src/core/kernels/wasm/update.ts: kind, w, g, buf, v,
  // mask, n, lr, shrink), run by the module's updateFromWords
  const updateAt = m.take(13 * 8);
  new Float64Array(m.memory.buffer, updateAt, 13).set([1, params.at, grads.at, 0, 0, maskAt, P, 0, 1]);
  const input = m.f32(B * w.inputDim);
  const blocks = [];
  let off = 0;
  let x = input.at;
  for (let l = 0; l < L; l++) {
    const I = widths[l];
    const O = widths[l + 1];
    const blk = { I, O, x, act: l < L - 1 };
    blk.W = params.at + off * 4;
    blk.dW = grads.at + off * 4;
    off += O * I;
    blk.b = params.at + off * 4;
    blk.db = grads.at + off * 4;
    off += O;
    blk.z = m.f32(B * O).at;
    blk.a = blk.act ? m.f32(B * O).at : blk.z;
    blk.d = m.f32(B * O).at;
    blk.dz = m.f32(B * O).at;
    blk.dx = l > 0 ? m.f32(B * I).at : 0;
    x = blk.a;
    blocks.push(blk);
  }
  const O = w.outputDim;
  const dLogits = m.f32(B * O).at;
  const targetsAt = m.take(B * 8);
  const targets = new Float64Array(m.memory.buffer, targetsAt, B);
  for (let r = 0; r < B; r++) targets[r] = w.loss === 'ce' ? r % O : rng.next() - 0.5;
  const tanh = w.activation === 'tanh';
  const out = blocks[L - 1];
  // the gradient each block's backward receives: dLogits for the last, the next block's dx before it
  const gIn = blocks.map((_, l) => (l === L - 1 ? dLogits : blocks[l + 1].dx));
  const dzOf = (blk, l) => (blk.act ? blk.dz : gIn[l]);
  // one phase = one kind of kernel call over every layer (the step goes layer by layer instead)
  const each = (f) => () => {
    for (let l = 0; l < L; l++) f(blocks[l], l);
  };
  const hidden = (f) => each((k, l) => k.act && f(k, l));
  const n = (k) => B * k.O;
  const phases = [
    ['gather the batch', 'input', () => wasm.gatherRows(input.at, xAt, idxAt, B, w.inputDim)],
    ['zero the gradients (JS fill)', 'input', () => grads.v.fill(0)],
    ['forward GEMM  z = x Wᵀ (NT)', 'gemm', each((k) => wasm.gemmNT(k.z, k.x, k.W, B, k.O, k.I, 0))],
    ['bias add', 'elementwise', each((k) => wasm.addRowVector(k.z, k.b, B, k.O))],
    [
      `${w.activation} forward`,
      'elementwise',
      hidden((k) => (tanh ? wasm.tanhForward(k.a, k.z, n(k)) : wasm.reluForward(k.a, k.z, n(k)))),
    ],
    [
      `${w.loss} loss + dLogits`,
      'elementwise',
      w.loss === 'ce'
        ? () => wasm.ceLoss(out.z, targetsAt, B, O, dLogits)
        : () => wasm.mseLoss(out.z, targetsAt, B * O, dLogits),
    ],
    [
      `${w.activation} backward (f′, then ⊙)`,
      'elementwise',
      hidden((k, l) => {
        if (tanh) wasm.tanhDerivative(k.d, k.a, n(k));
        else wasm.leakyDerivative(k.d, k.z, n(k), 0);
        wasm.mul(k.dz, gIn[l], k.d, n(k));
      }),
    ],
    [
      'weight-gradient GEMM  dW += dzᵀ x (TN)',
      'gemm',
      each((k, l) => wasm.gemmTN(k.dW, dzOf(k, l), k.x, k.O, k.I, B, 1)),
    ],
    ['bias gradient  db += Σ dz', 'elementwise', each((k, l) => wasm.sumRows(k.db, dzOf(k, l), B, k.O, 1))],
    [
      'input-gradient GEMM  dx = dz W (NN)',
      'gemm',
      each((k, l) => l > 0 && wasm.gemmNN(k.dx, dzOf(k, l), k.W, B, k.I, k.O, 0)),
    ],
    ['gradient norm Σg²', 'update', () => wasm.sumSquaredDeviations(grads.at, P, 0)],
    // NOTE: lr 0, so the replay's weights stay put however often it runs; the same work as any lr
    ['SGD update', 'update', () => wasm.updateFromWords(updateAt)],
  ];
  // as many JS→WASM calls as the replay makes, to a kernel that returns at once (an empty product)
  const calls = countCalls(wasm, phases);
  const callCost = () => {
    for (let i = 0; i < calls; i++) wasm.gemmNN(0, 0, 0, 0, 0, 0, 0);
  };
  return { phases, calls, callCost, flops: stepFlops(widths, B), L, P };
}

/** How many kernel calls the phases make: the kernel table's functions swapped for counting ones, once. */
function countCalls(wasm, phases) {
  const saved = { ...wasm };
  let n = 0;
  for (const [k, f] of Object.entries(saved))
    wasm[k] = (...a) => {
      n++;
      return f(...a);
    };
  for (const [, , fn] of phases) fn();
  Object.assign(wasm, saved);
  return n;
}

/** 2·M·N·K over the step's three products per layer (forward, dW, and dx past the first layer) */
function stepFlops(widths, B) {
  let f = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const mnk = 2 * B * widths[l] * widths[l + 1];
    f += l > 0 ? 3 * mnk : 2 * mnk;
  }
  return f;
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`# bench/step-split.js --reps ${reps} --ms ${REP_MS}, node ${process.version}, load ${load()}`);
for (const [name, w] of Object.entries(WORKLOADS)) {
  if (!args.only.split(',').some((id) => name.startsWith(id))) continue;
  const data = syntheticDataset(w, ROWS);
  const step = await wholeStep(w, data);
  const r = await replayPhases(w, data);
  const all = () => {
    for (const [, , fn] of r.phases) fn();
  };
  const cases = [
    { name: 'whole step: trainer.step() (fused)', fn: step },
    { name: 'replay: every phase in order', fn: all },
    ...r.phases.map(([n, group, fn]) => ({ name: n, group, fn })),
    { name: `calls: ${r.calls} empty JS→WASM calls`, fn: r.callCost },
  ];
  const runs = timeCases(cases);
  const us = runs.map(median);
  const stepUs = us[0];
  const wallUs = median(runs.wall[0]);
  console.log(`\n## ${name}: ${r.L} layers, ${r.P} parameters, ${fmt(r.flops / 1e6, 2)} MFLOP a step`);
  const rate = Math.round((w.batch * 1e6) / stepUs).toLocaleString('en-US');
  const wallRate = Math.round((w.batch * 1e6) / wallUs).toLocaleString('en-US');
  console.log(
    `whole step ${fmt(stepUs)} µs CPU = ${rate} samples/s, ${fmt(r.flops / stepUs / 1e3)} GFLOP/s (wall: ${fmt(wallUs)} µs, ${wallRate} samples/s)\n`,
  );
  console.log('| phase | µs CPU a step | % of the whole step (median of per-rep ratios) |');
  console.log('| --- | ---: | ---: |');
  cases.forEach((c, i) => {
    console.log(`| ${c.name} | ${fmt(us[i], 2)} | ${fmt(share(runs[i], runs[0]))}% |`);
  });
  // sums over reps, rep by rep
  const total = (pick) =>
    runs[0].map((_, rep) => cases.reduce((s, c, i) => (pick(c) ? s + runs[i][rep] : s), 0));
  const sum = total((c) => c.group !== undefined);
  console.log(`| sum of the phases timed alone | ${fmt(median(sum), 2)} | ${fmt(share(sum, runs[0]))}% |`);
  console.log('\n| group | µs CPU a step | % of the whole step |');
  console.log('| --- | ---: | ---: |');
  for (const [g, label] of GROUPS) {
    const t = total((c) => c.group === g);
    const gf = g === 'gemm' ? ` (${fmt(r.flops / median(t) / 1e3)} GFLOP/s)` : '';
    console.log(`| ${label}${gf} | ${fmt(median(t), 2)} | ${fmt(share(t, runs[0]))}% |`);
  }
  const rest = runs[0].map((x, rep) => x - sum[rep]);
  console.log(
    `| not replayed (whole step − Σ phases) | ${fmt(median(rest), 2)} | ${fmt(share(rest, runs[0]))}% |`,
  );
}

// GEMM rates, on hot buffers: W3's products, the large shapes and the fixed cost of a call
{
  const m = await bareModule(16 * 1024 * 1024);
  const n = 512 * 512;
  const a = m.f32(n, (i) => Math.sin(i) * 0.5).at;
  const b = m.f32(n, (i) => Math.cos(i) * 0.5).at;
  const c = m.f32(n).at;
  const { wasm } = m;
  const shapes = [
    ['W3 forward', 'NT', 64, 32, 32, 0],
    ['W3 dW (accumulating)', 'TN', 32, 32, 64, 1],
    ['W3 dx', 'NN', 64, 32, 32, 0],
    ['512³', 'NT', 512, 512, 512, 0],
    ['512³', 'TN', 512, 512, 512, 0],
    ['512³', 'NN', 512, 512, 512, 0],
    ['8³', 'NN', 8, 8, 8, 0],
    ['4³', 'NN', 4, 4, 4, 0],
    ['1³', 'NN', 1, 1, 1, 0],
    ['empty (M = 0)', 'NN', 0, 0, 0, 0],
  ];
  const form = { NT: wasm.gemmNT, TN: wasm.gemmTN, NN: wasm.gemmNN };
  const runs = timeCases(
    shapes.map(([, f, M, N, K, acc]) => {
      const g = form[f];
      return { fn: () => g(c, a, b, M, N, K, acc) };
    }),
  );
  const flops = ([, , M, N, K]) => 2 * M * N * K;
  const big = (f) => shapes.findIndex((s) => s[0] === '512³' && s[1] === f);
  console.log('\n## GEMM rates (hot buffers, one thread)\n');
  console.log('| product | form | M×N×K | ns CPU a call | GFLOP/s | rate ÷ 512³, same form |');
  console.log('| --- | --- | --- | ---: | ---: | ---: |');
  shapes.forEach((sh, i) => {
    const [label, f, M, N, K] = sh;
    const ns = median(runs[i]) * 1000;
    const gf = M > 0 ? fmt(flops(sh) / ns) : '—';
    const j = big(f);
    // per rep: (flops/t) ÷ (flops512/t512)
    const rel = runs[i].map((t, rep) => (flops(sh) / t / (flops(shapes[j]) / runs[j][rep])) * 100);
    const vs = M > 0 && label !== '512³' ? `${fmt(median(rel), 0)}%` : '';
    console.log(`| ${label} | ${f} | ${M}×${N}×${K} | ${fmt(ns, 0)} | ${gf} | ${vs} |`);
  });
}
console.log(`\nload at the end: ${load()}`);
