// Paths into a JSON value, and a copy with the value at one path replaced: for hostile-document tests.

export type Path = (string | number)[];

/** Every path into `v`, taking at most the first `entries` entries of each array. */
export function jsonPaths(v: unknown, entries = Number.POSITIVE_INFINITY, at: Path = []): Path[] {
  if (typeof v !== 'object' || v === null) return [at];
  const keys = Array.isArray(v) ? v.slice(0, entries).map((_, i) => i) : Object.keys(v);
  return [
    at,
    ...keys.flatMap((k) => jsonPaths((v as Record<string | number, unknown>)[k], entries, [...at, k])),
  ];
}

/** A copy of `doc` with the value at `path` replaced. */
export function replaced(doc: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = JSON.parse(JSON.stringify(doc));
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key];
  at[path.at(-1)!] = value;
  return copy;
}
