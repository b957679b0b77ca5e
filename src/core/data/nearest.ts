// Distance from each 2D point to the nearest point with a different label: how close a point sits to the
// class boundary, which is what the label-flip noise keys on. A uniform grid per label keeps this near O(N)
// (a brute-force scan is O(N²): 10⁵ samples would be 10¹⁰ pairs).
// N = points; x is (N, 2), labels is (N).

interface Grid {
  /** (cells + 1) start of each cell's run in `items` */
  readonly starts: Int32Array;
  /** point indices ordered by cell */
  readonly items: Int32Array;
}

interface Geometry {
  readonly minX: number;
  readonly minY: number;
  /** cell side */
  readonly h: number;
  readonly nx: number;
  readonly ny: number;
}

/** Euclidean distance to the nearest point of another label; Infinity when every point has the same label. */
export function nearestOtherLabelDistance(x: Float64Array, labels: Float64Array): Float64Array {
  const n = labels.length;
  const out = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const geometry = gridGeometry(x, n);
  const grids = new Map<number, Grid>();
  for (const label of new Set(labels)) grids.set(label, buildGrid(x, labels, label, geometry));
  for (let i = 0; i < n; i++) {
    for (const [label, grid] of grids) {
      if (label !== labels[i]) out[i] = Math.min(out[i]!, nearestInGrid(x, i, grid, geometry));
    }
  }
  return out;
}

function gridGeometry(x: Float64Array, n: number): Geometry {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[2 * i]!);
    maxX = Math.max(maxX, x[2 * i]!);
    minY = Math.min(minY, x[2 * i + 1]!);
    maxY = Math.max(maxY, x[2 * i + 1]!);
  }
  // About two points per cell on a square grid; NOTE: a zero extent (all points equal) still needs h > 0.
  const side = Math.max(1, Math.ceil(Math.sqrt(n / 2)));
  const h = Math.max(maxX - minX, maxY - minY) / side || 1;
  const nx = Math.floor((maxX - minX) / h) + 1;
  const ny = Math.floor((maxY - minY) / h) + 1;
  return { minX, minY, h, nx, ny };
}

function cellOf(v: number, min: number, h: number, cells: number): number {
  return Math.min(cells - 1, Math.floor((v - min) / h));
}

// Counting sort of the points with `label` into cells.
function buildGrid(x: Float64Array, labels: Float64Array, label: number, g: Geometry): Grid {
  const cells = g.nx * g.ny;
  const starts = new Int32Array(cells + 1);
  const cellIndex = new Int32Array(labels.length).fill(-1);
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== label) continue;
    const c = cellOf(x[2 * i + 1]!, g.minY, g.h, g.ny) * g.nx + cellOf(x[2 * i]!, g.minX, g.h, g.nx);
    cellIndex[i] = c;
    starts[c + 1]!++;
    count++;
  }
  for (let c = 0; c < cells; c++) starts[c + 1]! += starts[c]!;
  const fill = starts.slice(0, cells);
  const items = new Int32Array(count);
  for (let i = 0; i < labels.length; i++) {
    const c = cellIndex[i]!;
    if (c >= 0) items[fill[c]!++] = i;
  }
  return { starts, items };
}

// Scan rings of cells around point i's cell, nearest ring first. Every point outside ring r is at least
// r·h away, so once the best distance is ≤ r·h no farther ring can improve it.
function nearestInGrid(x: Float64Array, i: number, grid: Grid, g: Geometry): number {
  if (grid.items.length === 0) return Number.POSITIVE_INFINITY;
  const px = x[2 * i]!;
  const py = x[2 * i + 1]!;
  const cx = cellOf(px, g.minX, g.h, g.nx);
  const cy = cellOf(py, g.minY, g.h, g.ny);
  let best = Number.POSITIVE_INFINITY; // squared distance
  const maxRing = Math.max(g.nx, g.ny);
  for (let r = 0; r <= maxRing; r++) {
    for (let dy = -r; dy <= r; dy++) {
      const y = cy + dy;
      if (y < 0 || y >= g.ny) continue;
      // interior rows of the ring only touch its left and right columns
      const step = Math.abs(dy) === r ? 1 : Math.max(1, 2 * r);
      for (let dx = -r; dx <= r; dx += step) {
        const xc = cx + dx;
        if (xc < 0 || xc >= g.nx) continue;
        const c = y * g.nx + xc;
        for (let k = grid.starts[c]!; k < grid.starts[c + 1]!; k++) {
          const j = grid.items[k]!;
          const ex = x[2 * j]! - px;
          const ey = x[2 * j + 1]! - py;
          best = Math.min(best, ex * ex + ey * ey);
        }
      }
    }
    if (best <= (r * g.h) ** 2) break;
  }
  return Math.sqrt(best);
}
