import type { ExperimentOptions, ExperimentResult } from './types.js';

export async function runOverfitting(opts: ExperimentOptions): Promise<ExperimentResult> {
  return {
    name: 'overfitting',
    title: 'todo',
    claim: '',
    seed: opts.seed,
    findings: [],
    tables: [],
    charts: [],
    data: {},
  };
}
