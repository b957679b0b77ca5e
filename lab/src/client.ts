// The page's handle on one training worker: send commands, receive ready/update/error/export.

import type { ConfigInput } from '../../src/index.js';
import type { FromWorker, RunInfo, RunUpdate, ToWorker } from './protocol.js';

export interface RunHandlers {
  ready(info: RunInfo, continued: boolean): void;
  update(s: RunUpdate): void;
  error(message: string, phase: 'configure' | 'run'): void;
  exported(json: string, safetensors: ArrayBuffer): void;
}

export interface RunClient {
  configure(config: ConfigInput, csv: string | null, resume: boolean): void;
  pace(epochsPerSec: number | null, limit: number | null): void;
  play(): void;
  pause(): void;
  step(count: number): void;
  reset(): void;
  exportRun(): void;
  /** the network view's edit: W_layer[row, col] = value */
  setWeight(layer: number, row: number, col: number, value: number): void;
  terminate(): void;
}

export function createRunClient(handlers: RunHandlers): RunClient {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), {
    type: 'module',
    name: 'gradscope-train',
  });
  const send = (msg: ToWorker): void => worker.postMessage(msg);
  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    const msg = e.data;
    if (msg.type === 'ready') handlers.ready(msg.info, msg.continued);
    else if (msg.type === 'update') handlers.update(msg.update);
    else if (msg.type === 'error') handlers.error(msg.message, msg.phase);
    else handlers.exported(msg.json, msg.safetensors);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    handlers.error(`the training worker failed: ${e.message}`, 'run');
  };
  return {
    configure: (config, csv, resume) => send({ type: 'configure', config, csv, resume }),
    pace: (epochsPerSec, limit) => send({ type: 'pace', epochsPerSec, limit }),
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: (count) => send({ type: 'step', count }),
    reset: () => send({ type: 'reset' }),
    exportRun: () => send({ type: 'export' }),
    setWeight: (layer, row, col, value) => send({ type: 'set-weight', layer, row, col, value }),
    terminate: () => worker.terminate(),
  };
}
