import type { ExperimentOptions, ExperimentResult } from './types.js';

export async function runModes(opts: ExperimentOptions): Promise<ExperimentResult> {
  return {
    name: 'modes',
    title: 'todo',
    claim: '',
    seed: opts.seed,
    findings: [],
    tables: [],
    charts: [],
    data: {},
  };
}
