// Numbers as a user types them, in a flag or a CSV cell: plain decimal notation only.

/** `Number` alone would also take '', ' ', '0x10', '0b1' and 'Infinity', so `--steps 0x10` would mean 16. */
export const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const ZERO = 0x30;
const LOWER = 0x20; // 'X' | 0x20 === 'x'

/**
 * The number a decimal string spells (surrounding spaces allowed), NaN for anything else: the same as
 * `DECIMAL.test(t) ? Number(t) : NaN` on the trimmed text, without a regular expression on the common path
 * (a CSV has millions of cells).
 */
export function parseDecimal(text: string): number {
  const t = text.trim();
  if (t === '') return Number.NaN;
  // NOTE: Number's grammar is DECIMAL plus exactly two more forms: 0x/0o/0b integers and (±)Infinity.
  // A radix prefix is the only way a finite result can come from a non-decimal string.
  if (t.charCodeAt(0) === ZERO && t.length > 2) {
    const c = t.charCodeAt(1) | LOWER;
    if (c === 0x78 || c === 0x6f || c === 0x62) return Number.NaN; // x, o, b
  }
  const v = Number(t);
  if (Number.isFinite(v)) return v;
  // Infinity from an overflowing decimal (1e999) is a decimal; the word Infinity is not.
  return DECIMAL.test(t) ? v : Number.NaN;
}

// NOTE: every power 10^0..10^22 is exact in float64, and so is every integer of at most 15 digits: one
// IEEE multiply or divide of the two is then correctly rounded, the same double Number() gives.
// reference: Clinger, "How to read floating point numbers accurately" (PLDI 1990), the fast path.
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_DIGITS = 15;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isBlank = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/**
 * The fast path of parseDecimal, in place: reads a plain decimal of at most 15 digits whose value is
 * digits × 10^p with |p| ≤ 22 at text[from, stop), blanks around it allowed; writes it to out[at] and
 * returns where it ends (after the blanks). −1 when the text there has another form (it may still be a
 * decimal, such as 1e300 or 0.1234567890123456789: parseDecimal decides those).
 */
export function scanNumber(text: string, from: number, stop: number, out: Float64Array, at = 0): number {
  let k = from;
  let c = text.charCodeAt(k);
  while (k < stop && isBlank(c)) c = text.charCodeAt(++k);
  const negative = c === 0x2d;
  if (negative || c === 0x2b) c = text.charCodeAt(++k);
  let m = 0;
  let digits = 0;
  let scale = 0;
  for (; k < stop && isDigit(c); c = text.charCodeAt(++k), digits++) m = m * 10 + (c - 0x30);
  if (k < stop && c === 0x2e) {
    for (c = text.charCodeAt(++k); k < stop && isDigit(c); c = text.charCodeAt(++k), digits++, scale++) {
      m = m * 10 + (c - 0x30);
    }
  }
  if (digits === 0 || digits > MAX_DIGITS) return -1;
  let exponent = 0;
  if (k < stop && (c | LOWER) === 0x65) {
    c = text.charCodeAt(++k);
    const minus = c === 0x2d;
    if (minus || c === 0x2b) c = text.charCodeAt(++k);
    const first = k;
    for (; k < stop && isDigit(c) && exponent <= 22 + MAX_DIGITS; c = text.charCodeAt(++k)) {
      exponent = exponent * 10 + (c - 0x30);
    }
    if (k === first) return -1;
    if (minus) exponent = -exponent;
  }
  const power = exponent - scale;
  if (power < -22 || power > 22) return -1;
  while (k < stop && isBlank(c)) c = text.charCodeAt(++k);
  const v = power >= 0 ? m * POW10[power]! : m / POW10[-power]!;
  out[at] = negative ? -v : v;
  return k;
}

const scratch = new Float64Array(1);

/** parseDecimal(text.slice(begin, end)), without the slice on the fast path. */
export function scanDecimal(text: string, begin = 0, end = text.length): number {
  return scanNumber(text, begin, end, scratch) === end ? scratch[0]! : parseDecimal(text.slice(begin, end));
}
