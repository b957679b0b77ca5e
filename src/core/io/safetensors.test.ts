import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from './safetensors.js';

const source = 'model.safetensors';

/** A file built by hand: u64 LE header length, the header text padded with spaces, then the data bytes. */
function file(header: string, paddedLength: number, data: number[]): Uint8Array {
  const padded = header.padEnd(paddedLength, ' ');
  return new Uint8Array([
    paddedLength,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    ...Array.from(padded, (c) => c.charCodeAt(0)),
    ...data,
  ]);
}

// Little-endian IEEE 754 bytes, written out by hand.
const F32_BYTES: Record<number, number[]> = {
  0: [0, 0, 0, 0],
  1: [0, 0, 0x80, 0x3f],
  1.5: [0, 0, 0xc0, 0x3f],
  2: [0, 0, 0, 0x40],
  3: [0, 0, 0x40, 0x40],
  4: [0, 0, 0x80, 0x40],
  5: [0, 0, 0xa0, 0x40],
};
const F64_MINUS_2 = [0, 0, 0, 0, 0, 0, 0, 0xc0];

const f32Bytes = (values: number[]): number[] => values.flatMap((v) => F32_BYTES[v]!);

/** The UsageError that decoding `bytes` throws. */
function decodeError(bytes: Uint8Array): UsageError {
  try {
    decodeSafetensors(bytes, source);
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}

function sample(): Record<string, SafeTensor> {
  return {
    'layers.0.weight': { dtype: 'F32', shape: [2, 3], data: new Float32Array([1, -2, 3.25, 1e-30, 0, -0]) },
    'layers.0.bias': { dtype: 'F64', shape: [2], data: new Float64Array([Math.PI, -1e300]) },
    empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
    scalar: { dtype: 'F64', shape: [], data: new Float64Array([7]) },
  };
}

describe('encodeSafetensors / decodeSafetensors', () => {
  it('round-trip F32 and F64 tensors (empty and scalar included) and the metadata exactly', () => {
    const tensors = sample();
    const bytes = encodeSafetensors(tensors, { format: 'pt', step: '12' });
    const decoded = decodeSafetensors(bytes, source);
    expect(decoded.metadata).toEqual({ format: 'pt', step: '12' });
    expect(Object.keys(decoded.tensors).sort()).toEqual(Object.keys(tensors).sort());
    for (const [name, t] of Object.entries(tensors)) {
      expect(decoded.tensors[name]!.dtype).toBe(t.dtype);
      expect(decoded.tensors[name]!.shape).toEqual(t.shape);
      expect(decoded.tensors[name]!.data).toEqual(t.data);
    }
  });

  it('encode pads the header to a multiple of 8 bytes and is deterministic whatever the key order', () => {
    const bytes = encodeSafetensors(sample());
    const reversed = Object.fromEntries(Object.entries(sample()).reverse());
    expect(encodeSafetensors(reversed)).toEqual(bytes);
    expect(new DataView(bytes.buffer).getUint32(0, true) % 8).toBe(0);
  });

  it('encode writes the reference library’s bytes for an F32 tensor, without and with padding', () => {
    // the two serialization tests of huggingface/safetensors tensor.rs
    const data = f32Bytes([0, 1, 2, 3, 4, 5]);
    const values = new Float32Array([0, 1, 2, 3, 4, 5]);
    expect(encodeSafetensors({ 'attn.0': { dtype: 'F32', shape: [1, 2, 3], data: values } })).toEqual(
      file('{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}', 64, data),
    );
    expect(encodeSafetensors({ attn0: { dtype: 'F32', shape: [1, 1, 2, 3], data: values } })).toEqual(
      file('{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}', 72, data),
    );
  });

  it('encode puts __metadata__ first and F64 tensors before F32 ones, matching a hand-built file', () => {
    const bytes = encodeSafetensors(
      {
        b: { dtype: 'F32', shape: [1], data: new Float32Array([1.5]) },
        a: { dtype: 'F64', shape: [1], data: new Float64Array([-2]) },
      },
      { format: 'pt' },
    );
    const header =
      '{"__metadata__":{"format":"pt"},' +
      '"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},' +
      '"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}';
    expect(header.length).toBe(139);
    expect(bytes).toEqual(file(header, 144, [...F64_MINUS_2, ...F32_BYTES[1.5]!]));
  });

  it('encode keeps integer-like tensor names in name order', () => {
    const one = (v: number): SafeTensor => ({ dtype: 'F32', shape: [1], data: new Float32Array([v]) });
    const bytes = encodeSafetensors({ '2': one(2), '10': one(1) });
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + bytes[0]!));
    expect(text.indexOf('"10"')).toBeLessThan(text.indexOf('"2"'));
    expect(decodeSafetensors(bytes, source).tensors['2']!.data).toEqual(new Float32Array([2]));
  });

  it('encode rounds float64 data stored as F32 to float32', () => {
    const bytes = encodeSafetensors({ w: { dtype: 'F32', shape: [1], data: new Float64Array([0.1]) } });
    expect(decodeSafetensors(bytes, source).tensors.w!.data).toEqual(new Float32Array([0.1]));
  });

  it('decode reads a hand-built file, from a view at an unaligned offset', () => {
    const bytes = file('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', 56, f32Bytes([1, 2]));
    const host = new Uint8Array(bytes.length + 3);
    host.set(bytes, 3);
    const decoded = decodeSafetensors(host.subarray(3), source);
    expect(decoded.tensors.w).toEqual({ dtype: 'F32', shape: [2], data: new Float32Array([1, 2]) });
    expect(decoded.metadata).toEqual({});
  });

  it('encode rejects data that does not match the shape and the reserved name __metadata__', () => {
    expect(() =>
      encodeSafetensors({ w: { dtype: 'F32', shape: [2, 2], data: new Float32Array(3) } }),
    ).toThrow('encodeSafetensors: tensor "w" data: expected 4 values for shape [2, 2], got 3');
    expect(() =>
      encodeSafetensors({ __metadata__: { dtype: 'F32', shape: [0], data: new Float32Array(0) } }),
    ).toThrow(UsageError);
  });
});

describe('decodeSafetensors errors', () => {
  const good = encodeSafetensors(sample(), { format: 'pt' });

  it('name a file shorter than 8 bytes', () => {
    expect(decodeError(new Uint8Array(3)).message).toBe(
      'model.safetensors: expected a safetensors file of at least 8 bytes, got "3 bytes"',
    );
  });

  it('name a header length beyond the end of the file', () => {
    const e = decodeError(new Uint8Array([200, 0, 0, 0, 0, 0, 0, 0, 123, 125]));
    expect(e.message).toBe(
      'model.safetensors header length: expected at most 2 (the bytes after it), got 200',
    );
  });

  it('name a header length of 2^63 exactly, and the 100 MB limit of the reference reader', () => {
    const huge = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0x80, 123, 125]);
    expect(decodeError(huge).message).toBe(
      'model.safetensors header length: expected at most 2 (the bytes after it), got 9223372036854775808',
    );
    const big = new Uint8Array(8 + 100_000_016);
    new DataView(big.buffer).setUint32(0, 100_000_008, true);
    expect(decodeError(big).message).toBe(
      'model.safetensors header length: expected at most 100000000 (the reference reader’s limit), got 100000008',
    );
  });

  it('name a header that is not a JSON object', () => {
    expect(decodeError(file('{"w":', 8, [])).argument).toBe('model.safetensors header');
    expect(decodeError(file('[1, 2]', 8, [])).message).toBe(
      'model.safetensors header: expected a JSON object, got "an array"',
    );
  });

  it('name a truncated file: data_offsets past the end of the data', () => {
    const e = decodeError(good.subarray(0, good.length - 4));
    expect(e.argument).toMatch(/^model\.safetensors tensor "layers\.0\.weight" data_offsets$/);
    expect(e.expected).toMatch(/truncated/);
  });

  it('name a dtype other than F32 and F64', () => {
    const e = decodeError(file('{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}', 56, [0, 0, 0, 0]));
    expect(e.message).toBe('model.safetensors tensor "h" dtype: expected F32 or F64, got "F16"');
  });

  it('name offsets that do not match shape × dtype size', () => {
    const e = decodeError(
      file('{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', 56, f32Bytes([1, 2])),
    );
    expect(e.message).toBe(
      'model.safetensors tensor "w": expected 12 bytes for F32 of shape [3], got "8 bytes"',
    );
  });

  it('name gaps, overlaps and trailing bytes in the data buffer', () => {
    const gap = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    expect(decodeError(file(gap, 56, f32Bytes([1, 2]))).message).toBe(
      'model.safetensors tensor "a" data_offsets: expected to begin at byte 0, where the previous tensor ends, got 4',
    );
    const trailing = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    expect(decodeError(file(trailing, 56, f32Bytes([1, 2]))).message).toBe(
      'model.safetensors: expected 4 bytes of tensor data after the header, got "8 bytes"',
    );
  });

  it('name a malformed shape, data_offsets or __metadata__', () => {
    expect(
      decodeError(file('{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}', 56, [])).argument,
    ).toBe('model.safetensors tensor "a" shape');
    expect(decodeError(file('{"a":{"dtype":"F32","shape":[0],"data_offsets":[0]}}', 56, [])).argument).toBe(
      'model.safetensors tensor "a" data_offsets',
    );
    expect(decodeError(file('{"__metadata__":{"n":1}}', 24, [])).argument).toBe(
      'model.safetensors __metadata__',
    );
  });
});
