// The safetensors file format, encoded and decoded in memory (the front end reads and writes the file).
// reference: https://github.com/huggingface/safetensors (safetensors/src/tensor.rs: prepare, read_metadata,
// Metadata::validate). Layout: u64 little-endian header length N, N bytes of JSON header (padded with spaces
// to a multiple of 8), then the data buffer; each tensor's data_offsets are [begin, end) in that buffer.
// Only F32 and F64 are supported: gradscope stores float32 and float64 tensors and nothing else.
// NOTE: TextEncoder/TextDecoder are part of every runtime the core targets (Node, browsers, workers).

import { UsageError } from '../errors.js';

export type SafetensorsDtype = 'F32' | 'F64';

export interface SafeTensor {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** row-major values; any float array on encode, Float32Array for F32 and Float64Array for F64 on decode */
  readonly data: Float32Array | Float64Array;
}

export interface DecodedSafetensors {
  readonly tensors: Record<string, SafeTensor>;
  /** tensors of another dtype that `skip` let through unread (e.g. PyTorch's int64 num_batches_tracked) */
  readonly skipped: readonly string[];
  /** the `__metadata__` map; empty when the file has none */
  readonly metadata: Record<string, string>;
}

const DTYPE_SIZE: Readonly<Record<SafetensorsDtype, number>> = { F32: 4, F64: 8 };
/** Element sizes of the reference format's other dtypes: a skipped tensor still has to tile the buffer. */
const OTHER_SIZE: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  I64: 8,
  U64: 8,
};

export interface DecodeOptions {
  /** read past a tensor of a dtype gradscope does not load instead of refusing the file */
  readonly skip?: (name: string, dtype: string) => boolean;
}
const METADATA_KEY = '__metadata__';
/** Same limit as the reference reader: a larger header is a corrupt length, not a real header. */
const MAX_HEADER_BYTES = 100_000_000;
const TWO_POW_32 = 4294967296;

function isDtype(v: unknown): v is SafetensorsDtype {
  return v === 'F32' || v === 'F64';
}

function isIndex(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * The bytes of a safetensors file. Tensors are laid out F64 first, then F32, each group by name, as the
 * reference writer does (descending alignment keeps every tensor aligned to its element size); the header
 * lists `__metadata__` (keys sorted) first and the tensors in that same order, so the output is deterministic.
 */
export function encodeSafetensors(
  tensors: Record<string, SafeTensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const names = Object.keys(tensors);
  for (const name of names) checkTensor(name, tensors[name]!);
  names.sort((a, b) => {
    const byAlignment = DTYPE_SIZE[tensors[b]!.dtype] - DTYPE_SIZE[tensors[a]!.dtype];
    return byAlignment !== 0 ? byAlignment : a < b ? -1 : a > b ? 1 : 0;
  });

  // NOTE: the JSON is assembled by hand because a JS object would move integer-like keys ("0") to the front.
  const entries: string[] = [];
  if (metadata !== undefined) {
    const keys = Object.keys(metadata).sort();
    entries.push(
      `"${METADATA_KEY}":{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`,
    );
  }
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    const end = offset + t.data.length * DTYPE_SIZE[t.dtype];
    entries.push(
      `${JSON.stringify(name)}:${JSON.stringify({ dtype: t.dtype, shape: t.shape, data_offsets: [offset, end] })}`,
    );
    offset = end;
  }
  const json = new TextEncoder().encode(`{${entries.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;

  const bytes = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, headerLength % TWO_POW_32, true);
  view.setUint32(4, Math.floor(headerLength / TWO_POW_32), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength); // space padding
  let p = 8 + headerLength;
  for (const name of names) {
    const { dtype, data } = tensors[name]!;
    for (let k = 0; k < data.length; k++, p += DTYPE_SIZE[dtype]) {
      if (dtype === 'F32') view.setFloat32(p, data[k]!, true);
      else view.setFloat64(p, data[k]!, true);
    }
  }
  return bytes;
}

// Runtime checks for callers outside TypeScript's reach (the values come from a model, or from JS).
function checkTensor(name: string, t: SafeTensor): void {
  const where = `encodeSafetensors: tensor "${name}"`;
  const dtype: unknown = t.dtype;
  const shape: readonly unknown[] = t.shape;
  if (name === METADATA_KEY) throw new UsageError(where, 'a tensor name other than __metadata__', name);
  if (!isDtype(dtype)) throw new UsageError(`${where} dtype`, 'F32 or F64', dtype);
  if (!shape.every(isIndex))
    throw new UsageError(`${where} shape`, 'non-negative integers', `[${shape.join(', ')}]`);
  const count = elementCount(t.shape);
  if (t.data.length !== count) {
    throw new UsageError(`${where} data`, `${count} values for shape [${t.shape.join(', ')}]`, t.data.length);
  }
}

interface Entry {
  readonly name: string;
  readonly dtype: SafetensorsDtype | 'skipped';
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/** Parse and validate a safetensors file; tensor data is copied out, so `bytes` may be reused. */
export function decodeSafetensors(
  bytes: Uint8Array,
  source: string,
  opts: DecodeOptions = {},
): DecodedSafetensors {
  if (!(bytes instanceof Uint8Array)) {
    const got =
      bytes === null
        ? 'null'
        : typeof bytes === 'object'
          ? (bytes as object).constructor?.name
          : typeof bytes;
    throw new UsageError(source, 'the bytes of a safetensors file (a Uint8Array)', String(got));
  }
  if (bytes.length < 8)
    throw new UsageError(source, 'a safetensors file of at least 8 bytes', `${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // NOTE: a u64 past 2^53 is not exact as a number; the BigInt keeps the error message exact.
  const rawLength = view.getBigUint64(0, true);
  const limit = Math.min(MAX_HEADER_BYTES, bytes.length - 8);
  if (rawLength > BigInt(limit)) {
    const why = limit === MAX_HEADER_BYTES ? 'the reference reader’s limit' : 'the bytes after it';
    throw new UsageError(`${source} header length`, `at most ${limit} (${why})`, rawLength);
  }
  const headerLength = Number(rawLength);
  const header = parseHeader(bytes.subarray(8, 8 + headerLength), source);
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;

  const metadata: Record<string, string> = Object.create(null);
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA_KEY) Object.assign(metadata, parseMetadata(value, source));
    else entries.push(parseEntry(name, value, dataLength, source, opts));
  }
  checkTiling(entries, dataLength, source);

  const tensors: Record<string, SafeTensor> = Object.create(null);
  const skipped: string[] = [];
  for (const { name, dtype, shape, begin, end } of entries) {
    if (dtype === 'skipped') {
      skipped.push(name);
      continue;
    }
    const size = DTYPE_SIZE[dtype];
    const data =
      dtype === 'F32' ? new Float32Array((end - begin) / size) : new Float64Array((end - begin) / size);
    // DataView reads are alignment-safe and little-endian on any host.
    for (let k = 0, p = dataStart + begin; k < data.length; k++, p += size) {
      data[k] = dtype === 'F32' ? view.getFloat32(p, true) : view.getFloat64(p, true);
    }
    tensors[name] = { dtype, shape, data };
  }
  return { tensors, skipped, metadata };
}

function parseHeader(raw: Uint8Array, source: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch (e) {
    throw new UsageError(`${source} header`, 'UTF-8 JSON', e instanceof Error ? e.message : String(e));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(
      `${source} header`,
      'a JSON object',
      Array.isArray(parsed) ? 'an array' : String(parsed),
    );
  }
  return parsed as Record<string, unknown>;
}

/** A hostile header's value, shown short (one readable line): at most 60 characters. */
function cut(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
const brief = (v: unknown): string => cut(JSON.stringify(v) ?? String(v));

function parseMetadata(value: unknown, source: string): Record<string, string> {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string');
  if (!ok) throw new UsageError(`${source} ${METADATA_KEY}`, 'an object of strings', brief(value));
  return value as Record<string, string>;
}

function parseEntry(
  name: string,
  value: unknown,
  dataLength: number,
  source: string,
  opts: DecodeOptions,
): Entry {
  const where = `${source} tensor "${cut(name)}"`;
  const info = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { dtype, shape, data_offsets: offsets } = info;
  const skip = typeof dtype === 'string' && dtype in OTHER_SIZE && opts.skip?.(name, dtype) === true;
  if (!isDtype(dtype) && !skip)
    throw new UsageError(
      `${where} dtype`,
      'F32 or F64',
      typeof dtype === 'string' ? cut(dtype) : brief(dtype),
    );
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    throw new UsageError(`${where} shape`, 'an array of non-negative integers', brief(shape));
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex) || offsets[0] > offsets[1]) {
    throw new UsageError(`${where} data_offsets`, '[begin, end] with 0 ≤ begin ≤ end', brief(offsets));
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataLength) {
    throw new UsageError(
      `${where} data_offsets`,
      `to lie within the ${dataLength}-byte data buffer (is the file truncated?)`,
      `[${begin}, ${end}]`,
    );
  }
  const need =
    elementCount(shape) * (skip ? OTHER_SIZE[dtype as string]! : DTYPE_SIZE[dtype as SafetensorsDtype]);
  if (end - begin !== need) {
    throw new UsageError(
      where,
      `${need} bytes for ${dtype} of shape [${shape.join(', ')}]`,
      `${end - begin} bytes`,
    );
  }
  return { name, dtype: skip ? 'skipped' : (dtype as SafetensorsDtype), shape, begin, end };
}

// As in the reference reader, tensors must tile the data buffer: no gaps, no overlaps, no trailing bytes.
function checkTiling(entries: Entry[], dataLength: number, source: string): void {
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const { name, begin, end } of entries) {
    if (begin !== expected) {
      throw new UsageError(
        `${source} tensor "${name}" data_offsets`,
        `to begin at byte ${expected}, where the previous tensor ends`,
        begin,
      );
    }
    expected = end;
  }
  if (expected !== dataLength) {
    throw new UsageError(source, `${expected} bytes of tensor data after the header`, `${dataLength} bytes`);
  }
}
