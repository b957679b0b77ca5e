// Distance from each 2D point to the nearest point with a different label: how close a point sits to the
// class boundary, which is what the label-flip noise keys on. A 2-d tree per label keeps this near
// O(N log N) (a brute-force scan is O(N²): 10⁵ samples would be 10¹⁰ pairs).
// NOTE: a uniform grid searched ring by ring was O(N²) too, for points far from the other class (the
// middle of circle's inner disk): 4·10⁵ samples took a minute, 10⁶ never finished.
// N = points; x is (N, 2), labels is (N).

/** Euclidean distance to the nearest point of another label; Infinity when every point has the same label. */
export function nearestOtherLabelDistance(x: Float64Array, labels: Float64Array): Float64Array {
  const n = labels.length;
  const out = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const trees = new Map<number, Int32Array>();
  for (const label of new Set(labels)) trees.set(label, buildTree(x, labels, label));
  const found: Found = { best: 0, j: -1 };
  for (const [own, queries] of trees) {
    for (const [label, tree] of trees) {
      if (label === own || tree.length === 0) continue;
      // NOTE: queries in tree order are near each other, so the last answer is a close first bound.
      let last = tree[0]!;
      for (const i of queries) {
        const px = x[2 * i]!;
        const py = x[2 * i + 1]!;
        const ex = x[2 * last]! - px;
        const ey = x[2 * last + 1]! - py;
        found.best = ex * ex + ey * ey;
        found.j = last;
        nearest(x, tree, 0, tree.length, 0, px, py, found, 0, 0);
        last = found.j;
        out[i] = Math.min(out[i]!, Math.sqrt(found.best));
      }
    }
  }
  return out;
}

interface Found {
  /** smallest squared distance so far */
  best: number;
  /** the point at that distance */
  j: number;
}

// The indices of the points with `label`, ordered as an implicit 2-d tree: the middle of items[lo, hi)
// is the node, splitting on x (axis 0) at even depths and y (axis 1) at odd ones; the left half has
// coordinates ≤ the node's on that axis, the right half ≥.
function buildTree(x: Float64Array, labels: Float64Array, label: number): Int32Array {
  const items: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === label) items.push(i);
  const tree = Int32Array.from(items);
  split(x, tree, 0, tree.length, 0);
  return tree;
}

function split(x: Float64Array, tree: Int32Array, lo: number, hi: number, axis: number): void {
  if (hi - lo <= 1) return;
  const mid = (lo + hi) >> 1;
  select(x, tree, lo, hi - 1, mid, axis);
  split(x, tree, lo, mid, 1 - axis);
  split(x, tree, mid + 1, hi, 1 - axis);
}

/** Quickselect (Hoare): reorder tree[l..r] so that tree[k] is its median on `axis`, ≤ left and ≥ right. */
function select(x: Float64Array, tree: Int32Array, l: number, r: number, k: number, axis: number): void {
  while (r > l) {
    const pivot = x[2 * tree[(l + r) >> 1]! + axis]!;
    let i = l;
    let j = r;
    while (i <= j) {
      while (x[2 * tree[i]! + axis]! < pivot) i++;
      while (x[2 * tree[j]! + axis]! > pivot) j--;
      if (i <= j) {
        const t = tree[i]!;
        tree[i++] = tree[j]!;
        tree[j--] = t;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return;
  }
}

/**
 * Lower found.best to the smallest squared distance from (px, py) to a point of tree[lo, hi), if closer.
 * (offX, offY) is the query's offset from the half's region, so a half is skipped when its region is
 * no closer than the best so far (incremental distance, Arya & Mount 1993): plane distance alone still
 * visits about √N nodes for a query in a hole such as circle's inner disk.
 */
function nearest(
  x: Float64Array,
  tree: Int32Array,
  lo: number,
  hi: number,
  axis: number,
  px: number,
  py: number,
  found: Found,
  offX: number,
  offY: number,
): void {
  if (lo >= hi) return;
  const mid = (lo + hi) >> 1;
  const j = tree[mid]!;
  const ex = x[2 * j]! - px;
  const ey = x[2 * j + 1]! - py;
  const dist = ex * ex + ey * ey;
  if (dist < found.best) {
    found.best = dist;
    found.j = j;
  }
  const d = axis === 0 ? -ex : -ey; // query minus node, along the split axis
  const farX = axis === 0 ? d : offX;
  const farY = axis === 0 ? offY : d;
  const far = farX * farX + farY * farY;
  if (d < 0) {
    nearest(x, tree, lo, mid, 1 - axis, px, py, found, offX, offY);
    if (far < found.best) nearest(x, tree, mid + 1, hi, 1 - axis, px, py, found, farX, farY);
  } else {
    nearest(x, tree, mid + 1, hi, 1 - axis, px, py, found, offX, offY);
    if (far < found.best) nearest(x, tree, lo, mid, 1 - axis, px, py, found, farX, farY);
  }
}
