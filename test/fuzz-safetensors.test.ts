// Property tests of the safetensors reader: valid files round-trip; truncated files, header lengths past
// the end, overlapping or out-of-range offsets, unknown dtypes, huge shapes and extra tensors are either
// read exactly or refused with one UsageError line, never another error, and never allocate past the file.
// loadSafetensorsIntoModel is strict like PyTorch's load_state_dict(strict=True), or partial on request.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/core/config.js';
import { prepareData } from '../src/core/data/prepare.js';
import { UsageError } from '../src/core/errors.js';
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from '../src/core/io/safetensors.js';
import { loadSafetensorsIntoModel, modelToSafetensors } from '../src/core/io/weights.js';
import type { Model } from '../src/core/model.js';
import { createTrainer } from '../src/core/train/trainer.js';
import { usageError } from './helpers/errors.js';
import { NUM_RUNS, valueOrRefusal } from './helpers/fuzz.js';

const source = 'w.safetensors';
const opts = { numRuns: NUM_RUNS };

const tensor: fc.Arbitrary<SafeTensor> = fc
  .record({
    dtype: fc.constantFrom('F32' as const, 'F64' as const),
    shape: fc.array(fc.nat({ max: 4 }), { maxLength: 3 }),
  })
  .chain(({ dtype, shape }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const value = dtype === 'F32' ? fc.float({ noNaN: true }) : fc.double({ noNaN: true });
    return fc
      .array(value, { minLength: n, maxLength: n })
      .map((v) => ({ dtype, shape, data: dtype === 'F32' ? new Float32Array(v) : new Float64Array(v) }));
  });
const tensors = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 6 }).filter((k) => k !== '__metadata__'),
  tensor,
  { minKeys: 1, maxKeys: 4 },
);

/** The header object and the data bytes of a file. */
function split(bytes: Uint8Array): { header: Record<string, unknown>; data: Uint8Array } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  return { header, data: bytes.subarray(8 + length) };
}

/** A file of this header (any JSON value) and these data bytes. */
function join(header: unknown, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const length = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + length + data.length).fill(0x20, 8, 8 + length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + length);
  return bytes;
}

/** decodeSafetensors's result, or undefined after one short UsageError; a result never holds more bytes than the file. */
function decodeOrRefuse(bytes: Uint8Array): ReturnType<typeof decodeSafetensors> | undefined {
  const r = valueOrRefusal(() => decodeSafetensors(bytes, source));
  if (r === undefined) return r;
  let total = 0;
  for (const t of Object.values(r.tensors)) {
    expect(['F32', 'F64']).toContain(t.dtype);
    expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
    total += t.data.byteLength;
  }
  expect(total).toBeLessThanOrEqual(bytes.length);
  return r;
}

const same = (a: SafeTensor, b: SafeTensor): void => {
  expect(b.dtype).toBe(a.dtype);
  expect(b.shape).toEqual(a.shape);
  expect([...b.data]).toEqual([...a.data]);
};

/** A JSON value of the kinds a hostile header holds, huge numbers included. */
const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(2 ** 53, 2 ** 64, 1e308, -1, 0.5, 'F16', 'BF16', 'I64', 'f32', ''),
  fc.array(fc.oneof(fc.nat(), fc.constantFrom(2 ** 31, 2 ** 53 - 1, 1e15)), { maxLength: 4 }),
);

describe('decodeSafetensors', () => {
  it('reads back what encodeSafetensors wrote, exactly', () => {
    fc.assert(
      fc.property(tensors, (ts) => {
        const back = decodeSafetensors(encodeSafetensors(ts), source).tensors;
        expect(Object.keys(back).sort()).toEqual(Object.keys(ts).sort());
        for (const name of Object.keys(ts)) same(ts[name]!, back[name]!);
      }),
      opts,
    );
  });

  it('refuses every truncation of a valid file with one UsageError line', () => {
    fc.assert(
      fc.property(tensors, fc.nat(), (ts, cut) => {
        const bytes = encodeSafetensors(ts);
        expect(decodeOrRefuse(bytes.subarray(0, cut % bytes.length))).toBeUndefined();
      }),
      opts,
    );
  });

  it('refuses a header length past the end or inside the JSON, and reads only the true one', () => {
    fc.assert(
      fc.property(tensors, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (ts, length) => {
        const bytes = encodeSafetensors(ts).slice();
        const view = new DataView(bytes.buffer);
        const original = view.getBigUint64(0, true);
        view.setBigUint64(0, length, true);
        const r = decodeOrRefuse(bytes);
        if (length !== original) expect(r).toBeUndefined();
      }),
      opts,
    );
  });

  it('reads or refuses a header with a field of one tensor replaced by a hostile value', () => {
    const field = fc.constantFrom('dtype', 'shape', 'data_offsets', 'extra');
    fc.assert(
      fc.property(tensors, fc.nat(), field, hostile, (ts, at, key, value) => {
        const { header, data } = split(encodeSafetensors(ts));
        const names = Object.keys(header);
        const entry = header[names[at % names.length]!] as Record<string, unknown>;
        entry[key] = value;
        decodeOrRefuse(join(header, data));
      }),
      opts,
    );
  });

  it('refuses overlapping, gapped and out-of-range offsets, and an extra tensor with no bytes of its own', () => {
    const offsets = fc.tuple(fc.integer({ min: -2, max: 64 }), fc.integer({ min: -2, max: 64 }));
    fc.assert(
      fc.property(tensors, fc.nat(), offsets, (ts, at, [begin, end]) => {
        const { header, data } = split(encodeSafetensors(ts));
        const names = Object.keys(header);
        const entry = header[names[at % names.length]!] as { data_offsets: number[] };
        const [b0, e0] = entry.data_offsets as [number, number];
        entry.data_offsets = [begin, end];
        const r = decodeOrRefuse(join(header, data));
        // the others tile the buffer but for this tensor's slot: moved or resized, it overlaps or leaves a gap
        if ((b0 !== begin || e0 !== end) && e0 > b0) expect(r).toBeUndefined();
        // an extra tensor claiming bytes that are already another's overlaps
        const { header: h2 } = split(encodeSafetensors(ts));
        h2.extra_tensor = { dtype: 'F32', shape: [1], data_offsets: [0, 4] };
        expect(decodeOrRefuse(join(h2, data))).toBeUndefined();
      }),
      opts,
    );
  });

  it('reads or refuses any bytes at all, never another error', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      tensors.chain((ts) =>
        fc
          .tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constant(encodeSafetensors(ts)))
          .map(([at, byte, b]) => {
            const copy = b.slice();
            copy[at % copy.length] = byte;
            return copy;
          }),
      ),
    );
    fc.assert(
      fc.property(bytes, (b) => void decodeOrRefuse(b)),
      { numRuns: NUM_RUNS * 2 },
    );
  });
});

function model(norm: 'none' | 'layer' | 'batch', hidden: number[] = [3, 2]): Model {
  const config = resolveConfig({
    data: 'circle',
    samples: 20,
    batchSize: 4,
    hidden: hidden.join(','),
    norm,
    steps: 1,
  });
  return createTrainer(config, prepareData(config)).model;
}

const values = (m: Model): number[][] => [...m.tensors, ...m.state].map((t) => [...t.value]);

describe('loadSafetensorsIntoModel', () => {
  const norms = fc.constantFrom('none' as const, 'layer' as const, 'batch' as const);

  it('loads a file of exactly the model’s tensors, strict or partial', () => {
    fc.assert(
      fc.property(norms, fc.integer({ min: 1, max: 4 }), (norm, w) => {
        const from = model(norm, [w, 2]);
        const to = model(norm, [w, 2]);
        const r = loadSafetensorsIntoModel(to, modelToSafetensors(from), source);
        expect(values(to)).toEqual(values(from));
        expect(r.ignored).toEqual([]);
        expect(r.missing).toEqual([]);
        expect(r.loaded).toEqual([...to.tensors, ...to.state].map((t) => t.name));
      }),
      { numRuns: Math.min(NUM_RUNS, 30) },
    );
  });

  it('strict refuses a tensor the model lacks, naming it, and leaves the model as it was; partial ignores it', () => {
    fc.assert(
      fc.property(norms, fc.string({ minLength: 1, maxLength: 12 }), tensor, (norm, name, extra) => {
        const from = model(norm);
        const names = [...from.tensors, ...from.state].map((t) => t.name);
        fc.pre(!names.includes(name) && name !== '__metadata__');
        const stored: Record<string, SafeTensor> = { [name]: extra };
        for (const t of [...from.tensors, ...from.state])
          stored[t.name] = { dtype: 'F32', shape: [...t.shape], data: t.value };
        const bytes = encodeSafetensors(stored);
        const to = model(norm);
        const before = values(to);
        const e = usageError(() => loadSafetensorsIntoModel(to, bytes, source));
        expect(e.expected).toMatch(/^only tensors of this model \(layers\.0\.weight, /);
        expect(e.actual).toBe(
          `an unexpected tensor ${JSON.stringify(name.length > 80 ? `${name.slice(0, 79)}…` : name)}`,
        );
        expect(e.message).not.toContain('\n');
        expect(values(to)).toEqual(before);
        const r = loadSafetensorsIntoModel(to, bytes, source, { partial: true });
        expect(r.ignored).toEqual([name]);
        expect(values(to)).toEqual(values(from).map((v) => v.map(Math.fround)));
      }),
      { numRuns: Math.min(NUM_RUNS, 50) },
    );
  });

  it('strict refuses a missing tensor; partial keeps it as initialized; both refuse a wrong shape', () => {
    fc.assert(
      fc.property(norms, fc.nat(), (norm, at) => {
        const from = model(norm);
        const own = from.tensors; // running statistics may be missing in either mode
        const drop = own[at % own.length]!.name;
        const { header, data } = split(modelToSafetensors(from));
        const kept = Object.fromEntries(
          Object.entries(decodeSafetensors(join(header, data), source).tensors).filter(([n]) => n !== drop),
        );
        const bytes = encodeSafetensors(kept);
        const to = model(norm);
        const init = values(to);
        expect(usageError(() => loadSafetensorsIntoModel(to, bytes, source)).actual).toBe(
          JSON.stringify(`no tensor ${drop}`),
        );
        expect(values(to)).toEqual(init);
        const r = loadSafetensorsIntoModel(to, bytes, source, { partial: true });
        expect(r.missing).toContain(drop);
        const k = [...to.tensors, ...to.state].findIndex((t) => t.name === drop);
        expect(values(to)[k]).toEqual(init[k]);
        // a wrong shape is refused whatever the mode
        const wrong = {
          ...kept,
          [drop]: { dtype: 'F32' as const, shape: [7, 7], data: new Float32Array(49) },
        };
        for (const partial of [false, true]) {
          expect(() =>
            loadSafetensorsIntoModel(model(norm), encodeSafetensors(wrong), source, { partial }),
          ).toThrow(UsageError);
        }
      }),
      { numRuns: Math.min(NUM_RUNS, 50) },
    );
  });
});
