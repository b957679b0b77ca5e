// Numbers as a user types them, in a flag or a CSV cell: plain decimal notation only.

/** `Number` alone would also take '', ' ', '0x10', '0b1' and 'Infinity', so `--steps 0x10` would mean 16. */
export const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a decimal string spells (surrounding spaces allowed), NaN for anything else. */
export function parseDecimal(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : Number.NaN;
}
