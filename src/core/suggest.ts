// "did you mean --lr?": the known word nearest a mistyped one, by edit distance (CLI flags, sweep file keys).

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours
 * (`--lrr` → `--lr` is 1, `--ltr` → `--lr` is 1, `tarin` → `train` is 1).
 */
export function editDistance(a: string, b: string): number {
  // d[i][j] = distance of a[0..i) and b[0..j), kept as three rows
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The candidate nearest `word` (dashes and case ignored), or null when none is close: at most 1 edit for
 * names of up to 4 letters, 2 up to 8, 3 beyond. Ties go to the first candidate.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  const bare = (s: string): string => s.replace(/^-+/, '').toLowerCase();
  const w = bare(word);
  if (w === '') return null;
  const most = w.length <= 4 ? 1 : w.length <= 8 ? 2 : 3;
  let best: string | null = null;
  let bestDistance = most + 1;
  for (const c of candidates) {
    const d = editDistance(w, bare(c));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
