// Which kernels the CLI runs on: selectKernels' choice by src/node/kernel-choice.ts's rule (WASM, or the
// reference kernels when GRADSCOPE_KERNELS=reference); with --threads 2 (or auto, resolved against this
// machine's cores and the run's widths) a GEMM worker thread.

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
import { kernelChoice } from '../node/kernel-choice.js';
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
    prefer: kernelChoice(),
    ...(threads > 1 ? { threads: { spawn: spawnNodeWorker } } : {}),
  });
}
