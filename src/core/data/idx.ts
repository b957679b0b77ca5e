// IDX, the file format of MNIST and Fashion-MNIST (LeCun et al.), bytes in, a tensor out:
//   bytes 0–1  zero; byte 2  the element type (0x08 = unsigned byte, the only one these data sets use);
//   byte 3  the number of dimensions d; then d big-endian uint32 sizes; then the elements, row-major.
// reference: http://yann.lecun.com/exdb/mnist/ ("FILE FORMATS FOR THE MNIST DATABASE")

import { UsageError } from '../errors.js';

export interface IdxTensor {
  readonly dims: readonly number[];
  /** the elements, row-major: a view of the input bytes, not a copy */
  readonly data: Uint8Array;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * Read one IDX file of unsigned bytes with `ndims` dimensions (3 for images, 1 for labels). `source`
 * names the file in errors: a wrong magic number, a truncated header or body, or trailing bytes.
 */
export function parseIdx(bytes: Uint8Array, ndims: number, source: string): IdxTensor {
  const expected = `an IDX file of unsigned bytes with ${ndims} dimension${ndims === 1 ? '' : 's'} (magic ${hex(0x800 + ndims)})`;
  if (bytes.length < 4) throw new UsageError(source, expected, `${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // NOTE: the magic number holds the type byte too: 0x0000 08 0d is unsigned bytes in d dimensions
  const magic = view.getUint32(0);
  if (magic !== 0x800 + ndims) {
    throw new UsageError(source, expected, `magic ${hex(magic)}`);
  }
  const header = 4 + 4 * ndims;
  if (bytes.length < header) {
    throw new UsageError(source, `${expected}: a header of ${header} bytes`, `${bytes.length} bytes`);
  }
  const dims = Array.from({ length: ndims }, (_, k) => view.getUint32(4 + 4 * k));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + size) {
    const what = bytes.length < header + size ? 'truncated' : 'trailing bytes';
    throw new UsageError(
      source,
      `${header + size} bytes (a ${header}-byte header and ${dims.join('×')} elements)`,
      `${bytes.length} bytes (${what})`,
    );
  }
  return { dims, data: bytes.subarray(header) };
}

/** The bytes of an IDX file of unsigned bytes: `writeIdx(parseIdx(b).dims, …)` gives b back. */
export function writeIdx(dims: readonly number[], data: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x800 + dims.length);
  for (let k = 0; k < dims.length; k++) view.setUint32(4 + 4 * k, dims[k]!);
  bytes.set(data, header);
  return bytes;
}
