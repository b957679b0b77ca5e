// A dataset is plain data: inputs x [N, D] and targets y [N, T], both float64, row-major.

export type Task = 'binary' | 'multiclass' | 'regression';

export interface Dataset {
  readonly name: string;
  /** (N, D) inputs */
  readonly x: Float64Array;
  /** (N, T) targets; for classification T = 1 and the value is the integer label 0..K−1 */
  readonly y: Float64Array;
  readonly n: number;
  readonly inputDim: number;
  readonly targetDim: number;
  readonly task: Task;
  /** number of classes for classification tasks (2 for binary) */
  readonly numClasses?: number;
  readonly featureNames?: readonly string[];
  readonly targetName?: string;
}
