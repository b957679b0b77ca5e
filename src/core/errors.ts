// Errors that reach a user. Each names where it happened, the argument, the expected and the actual
// value, so the CLI can print it as one line and exit 2 (`UsageError`) without a stack trace.

export class UsageError extends Error {
  readonly argument: string;
  readonly expected: string;
  readonly actual: string;

  constructor(argument: string, expected: string, actual: unknown) {
    const shown = typeof actual === 'string' ? JSON.stringify(actual) : String(actual);
    super(`${argument}: expected ${expected}, got ${shown}`);
    this.name = 'UsageError';
    this.argument = argument;
    this.expected = expected;
    this.actual = shown;
  }
}

/** Training produced NaN/Inf: the CLI exits 3. */
export class NonFiniteError extends Error {
  readonly tensor: string;
  readonly layer: number;
  readonly step: number;

  constructor(tensor: string, layer: number, step: number) {
    super(`non-finite value in ${tensor} of layer ${layer} at step ${step}`);
    this.name = 'NonFiniteError';
    this.tensor = tensor;
    this.layer = layer;
    this.step = step;
  }
}
