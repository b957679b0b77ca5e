// What an experiment returns: plain data. Tables for the terminal and the report, chart specs for the
// report, and the experiment's own numbers for --json. Front ends render; nothing here draws.

import type { DataSetName } from '../data/catalog.js';
import type { LoadedData } from '../data/loaded.js';
import type { Kernels } from '../kernels/types.js';

export type Cell = string | number | boolean | null;

export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** one line under the table: what a column means, which values are marked */
  readonly note?: string;
}

export interface Series {
  readonly label: string;
  /** one value per x; null = no value (a gap, e.g. a diverged run or a zero on a log axis) */
  readonly y: readonly (number | null)[];
  /** draw points only (no line) */
  readonly points?: boolean;
  /** draw dashed: a bound or a closed form beside a measurement */
  readonly dashed?: boolean;
  /** draw in the colour of the series just before it (its measurement, say), not the next colour */
  readonly pair?: boolean;
}

export interface LineChart {
  readonly kind: 'line';
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xLog?: boolean;
  readonly yLog?: boolean;
  readonly x: readonly number[];
  readonly series: readonly Series[];
}

export interface BarChart {
  readonly kind: 'bars';
  readonly title: string;
  readonly yLabel: string;
  readonly yLog?: boolean;
  /** one group per category (x), one bar per series in each group */
  readonly categories: readonly string[];
  readonly series: readonly Series[];
}

/** A grid of values drawn as coloured cells over numeric axes (layer × step, say). */
export interface HeatmapChart {
  readonly kind: 'heatmap';
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** column centres */
  readonly x: readonly number[];
  /** row centres */
  readonly y: readonly number[];
  /** values[row][col]; null = missing */
  readonly values: readonly (readonly (number | null)[])[];
  readonly colorLabel: string;
  /** colour by log10(value) (values ≤ 0 are drawn as missing) */
  readonly colorLog: boolean;
}

/** A model's output over a 2D input grid with the training points on top (a decision boundary). */
export interface FieldChart {
  readonly kind: 'field';
  readonly title: string;
  /** [x0, x1, y0, y1] of the grid */
  readonly extent: readonly [number, number, number, number];
  /** cells per side */
  readonly resolution: number;
  /** (resolution, resolution) P(class 1), row-major, row 0 at y0 */
  readonly values: readonly number[];
  readonly points: {
    readonly x: readonly number[];
    readonly y: readonly number[];
    readonly label: readonly number[];
  };
}

export type Chart = LineChart | BarChart | HeatmapChart | FieldChart;

export interface ExperimentResult<D = unknown> {
  readonly name: string;
  readonly title: string;
  /** the notes' claim the experiment checks, in the notes' words where possible */
  readonly claim: string;
  readonly seed: number;
  /** short sentences: what came out, with numbers */
  readonly findings: readonly string[];
  readonly tables: readonly Table[];
  readonly charts: readonly Chart[];
  /** the experiment's own numbers (what --json adds beyond the tables) */
  readonly data: D;
}

export interface ExperimentOptions {
  readonly seed: number;
  /** fraction done in [0, 1] and what is running; called between runs, never inside a step */
  readonly onProgress?: (fraction: number, label: string) => void;
  /**
   * A fresh kernel set for each float32 run (the CLI passes WASM SIMD, whose buffer arena is never freed,
   * so runs must not share one). float64 runs always use the reference kernels. Default: reference.
   */
  readonly kernels?: () => Promise<Kernels>;
  /** the data set to run on, where an experiment takes one (`--data`); default: the experiment's own */
  readonly data?: string;
  /** load a named data set (the CLI passes src/node's loader); without it such a set is refused */
  readonly load?: (name: DataSetName) => LoadedData;
}
