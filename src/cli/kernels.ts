// Which kernels the CLI runs on: selectKernels' choice, or the plain reference kernels when
// GRADSCOPE_KERNELS=reference (to compare against, or to rule the WASM kernels out); with --threads 2
// (or auto, resolved against this machine's cores and the run's widths) a GEMM worker thread.

import { availableParallelism } from 'node:os';
import {
  type Dataset,
  dataShape,
  type Kernels,
  planRun,
  resolveThreads,
  selectKernels,
  type TrainConfig,
} from '../index.js';
import { spawnNodeWorker } from '../node/wasm-threads.js';

export function kernelsFor(
  config: TrainConfig,
  data: { readonly train: Dataset; readonly val: Dataset | null },
): Promise<Kernels> {
  const plan = planRun(config, dataShape(data));
  const threads = resolveThreads(config.threads, {
    cores: availableParallelism(),
    widths: [data.train.inputDim, ...config.hidden, plan.outputDim],
    batch: plan.batchSize,
  });
  return selectKernels({
    dtype: config.dtype,
    prefer: process.env.GRADSCOPE_KERNELS === 'reference' ? 'reference' : 'wasm',
    ...(threads > 1 ? { threads: { spawn: spawnNodeWorker } } : {}),
  });
}
