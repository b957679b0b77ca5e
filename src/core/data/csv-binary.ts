// Telling a text CSV from binary data that was named .csv (an image, an archive, random bytes): a NUL
// byte or bytes that are not UTF-8. Read as text, such a file would only be refused for its first ragged
// row, which is true but misleading.

/** File signatures worth naming: what the file is, and what to do instead. */
const MAGIC: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed data (gunzip it first)' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (a spreadsheet? save it as CSV)' },
];

/** What a file that begins with `head` is, when its first bytes are a known signature. */
export function signatureOf(head: Uint8Array): string | undefined {
  return MAGIC.find((m) => m.bytes.every((b, i) => head[i] === b))?.what;
}

/** How many continuation bytes follow a UTF-8 lead byte, and the range the first of them must be in. */
function sequence(lead: number): { more: number; lo: number; hi: number } | undefined {
  // reference: the Unicode Standard, table 3-7 (well-formed UTF-8 byte sequences)
  if (lead >= 0xc2 && lead <= 0xdf) return { more: 1, lo: 0x80, hi: 0xbf };
  if (lead === 0xe0) return { more: 2, lo: 0xa0, hi: 0xbf };
  if (lead === 0xed) return { more: 2, lo: 0x80, hi: 0x9f }; // NOTE: not the UTF-16 surrogates
  if (lead >= 0xe1 && lead <= 0xef) return { more: 2, lo: 0x80, hi: 0xbf };
  if (lead === 0xf0) return { more: 3, lo: 0x90, hi: 0xbf };
  if (lead >= 0xf1 && lead <= 0xf3) return { more: 3, lo: 0x80, hi: 0xbf };
  if (lead === 0xf4) return { more: 3, lo: 0x80, hi: 0x8f }; // at most U+10FFFF
  return undefined;
}

/**
 * The index of the first byte in bytes[from, to) that text does not have (a NUL, or the first byte of a
 * sequence that is not UTF-8); −1 when there is none. With `open`, a sequence cut off at `to` is not
 * counted: the bytes after `to` are not seen yet.
 */
export function binaryAt(bytes: Uint8Array, from: number, to: number, open = false): number {
  for (let k = from; k < to; k++) {
    const b = bytes[k]!;
    if (b === 0) return k;
    if (b < 0x80) continue;
    const s = sequence(b);
    if (s === undefined) return k;
    for (let j = 1; j <= s.more; j++) {
      if (k + j >= to) return open ? -1 : k;
      const c = bytes[k + j]!;
      if (j === 1 ? c < s.lo || c > s.hi : c < 0x80 || c > 0xbf) return k;
    }
    k += s.more;
  }
  return -1;
}

/** The binary data at `at` as an error shows it; `offset` is where bytes[0] is in the file. */
export function binaryText(bytes: Uint8Array, at: number, offset: number): string {
  const b = bytes[at]!;
  const hex = `0x${b.toString(16).padStart(2, '0')}`;
  const why = b === 0 ? '' : ': not UTF-8';
  return `binary data (byte ${hex} at offset ${offset + at}${why})`;
}
