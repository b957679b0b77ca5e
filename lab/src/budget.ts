// Costly periodic work in the worker (Jacobian probes, the boundary grid, the diagnosis) gets at most
// about a tenth of wall time: a job is due once `minMs` has passed and 9× its last cost has passed, so
// on a depth-100 × width-256 network training still gets ~90% of the worker.

export interface Job {
  due(now: number): boolean;
  run<T>(work: () => T): T;
  reset(): void;
}

export const BUDGET_SHARE = 0.1;

export function createJob(minMs: number): Job {
  let end = Number.NEGATIVE_INFINITY;
  let cost = 0;
  return {
    due: (now) => now - end >= Math.max(minMs, (cost * (1 - BUDGET_SHARE)) / BUDGET_SHARE),
    run(work) {
      const t0 = performance.now();
      const out = work();
      end = performance.now();
      cost = end - t0;
      return out;
    },
    reset() {
      end = Number.NEGATIVE_INFINITY;
      cost = 0;
    },
  };
}
