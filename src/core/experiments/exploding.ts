import type { ExperimentOptions, ExperimentResult } from './types.js';

export async function runExploding(opts: ExperimentOptions): Promise<ExperimentResult> {
  return {
    name: 'exploding',
    title: 'todo',
    claim: '',
    seed: opts.seed,
    findings: [],
    tables: [],
    charts: [],
    data: {},
  };
}
