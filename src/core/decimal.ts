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
