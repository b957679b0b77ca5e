// A sweep's metric summarized over the parameters not looked at: for each combination of the chosen
// parameters' values, the mean, the sample standard deviation and the count of the finished trials
// (a heatmap cell is depth × σ_w², averaged over seeds). Failed trials and missing metrics are left out.

export interface AggregateCell {
  /** the chosen parameters' values, in the order asked */
  readonly values: readonly unknown[];
  readonly n: number;
  readonly mean: number;
  /** sample standard deviation (n − 1); 0 for a single trial */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
}

export interface AggregateInput {
  readonly params: Readonly<Record<string, unknown>>;
  readonly metric: number | null;
}

/** The distinct values of `key` among the trials: numbers ascending, anything else in first-seen order. */
export function distinctValues(trials: readonly AggregateInput[], key: string): unknown[] {
  const seen = new Map<string, unknown>();
  for (const t of trials) seen.set(JSON.stringify(t.params[key]), t.params[key]);
  const values = [...seen.values()];
  return values.every((v) => typeof v === 'number') ? (values as number[]).sort((a, b) => a - b) : values;
}

export function aggregate(trials: readonly AggregateInput[], keys: readonly string[]): AggregateCell[] {
  const groups = new Map<string, { values: unknown[]; xs: number[] }>();
  for (const t of trials) {
    if (t.metric === null || !Number.isFinite(t.metric)) continue;
    const values = keys.map((k) => t.params[k]);
    const id = JSON.stringify(values);
    const g = groups.get(id) ?? { values, xs: [] };
    g.xs.push(t.metric);
    groups.set(id, g);
  }
  return [...groups.values()].map(({ values, xs }) => {
    const n = xs.length;
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
    return {
      values,
      n,
      mean,
      sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
      min: Math.min(...xs),
      max: Math.max(...xs),
    };
  });
}
