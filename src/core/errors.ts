// Errors that reach a user. Each names where it happened, the argument, the expected and the actual
// value, so the CLI can print it as one line and exit 2 (`UsageError`) without a stack trace.

export class UsageError extends Error {
  readonly argument: string;
  readonly expected: string;
  readonly actual: string;

  constructor(argument: string, expected: string, actual: unknown) {
    const shown = typeof actual === 'string' ? JSON.stringify(actual) : showValue(actual);
    super(`${argument}: expected ${expected}, got ${shown}`);
    this.name = 'UsageError';
    this.argument = argument;
    this.expected = expected;
    this.actual = shown;
  }
}

/**
 * Any value as an error shows it: as String() does (a word object's own toString included), a plain
 * object as its JSON (one short line), and never a throw of its own (an object from a hostile file may
 * have no usable toString).
 */
function showValue(actual: unknown): string {
  try {
    const text = String(actual);
    if (text !== '[object Object]') return text;
  } catch {
    // no usable toString: shown as its JSON below
  }
  try {
    const json = JSON.stringify(actual);
    if (json !== undefined) return shortText(json);
  } catch {
    // a cycle, or a getter that throws: its type is what can be shown
  }
  return Object.prototype.toString.call(actual);
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

const MAX_SHOWN = 80;

/** Text from a file as an error shows it: at most 80 characters, so the error stays one short line. */
export function shortText(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** A list of names as an error shows it: the first few, then how many more. */
export function shortList(names: readonly string[], shown = 8): string {
  const head = names.slice(0, shown).map(shortText).join(', ');
  return names.length > shown ? `${head}, … (${names.length} in all)` : head;
}
