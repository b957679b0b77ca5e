// `gradscope experiment trainability` runs its grid as a sweep: the trials become one grid sweep over
// depth × init (the rest of their settings its base), run by runSweep on every core, each trial a
// `train` run on the clusters' CSV text written to a temporary file. The experiment's in-process runner
// reads the same text, so both give the same numbers (on a fresh WASM kernel set per trial, as `train`).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrialRunner } from '../index.js';
import { runSweep } from '../node/sweep/run.js';

export function sweepRunner(jobs?: number): TrialRunner {
  return async (trials, csv, onDone) => {
    const dir = mkdtempSync(join(tmpdir(), 'gradscope-trainability-'));
    try {
      const path = join(dir, 'clusters.csv');
      writeFileSync(path, csv);
      const values = (key: 'depth' | 'init') => [...new Set(trials.map((t) => t.settings[key]))];
      const { depth: _d, init: _i, ...base } = trials[0]!.settings;
      const done = await runSweep(
        {
          name: 'trainability',
          method: 'grid',
          metric: { name: 'final.val.accuracy', goal: 'maximize' },
          base: { ...base, data: path },
          parameters: { depth: { values: values('depth') }, init: { values: values('init') } },
        },
        { ...(jobs === undefined ? {} : { jobs }), onTrial: (_t, p) => onDone(p.done) },
      );
      return trials.map((t) => {
        const r = done.find((x) => x.params.depth === t.settings.depth && x.params.init === t.settings.init);
        if (r?.status !== 'done' || !r.final)
          return { trainAccuracy: null, valAccuracy: null, diverged: true };
        return {
          trainAccuracy: r.final.train.accuracy ?? null,
          valAccuracy: r.final.val?.accuracy ?? null,
          diverged: false,
        };
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
