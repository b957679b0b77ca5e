export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** a transient progress line (stderr) */
  progress(text: string): void;
  readonly isTTY: boolean;
}
