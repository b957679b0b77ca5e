// Model ↔ safetensors tensors. Dense layer i is `layers.<i>.weight` [out, in] and `layers.<i>.bias`
// [out]; norm layers and their running statistics follow under `norms.<i>.*`. F32 in float32 mode,
// F64 in float64 mode; loading accepts either and converts.

import { UsageError } from '../errors.js';
import type { Model } from '../model.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

type Stored = { dtype: 'F32' | 'F64'; shape: number[]; data: Float32Array | Float64Array };

/** A tensor to load: its shape and row-major values (from safetensors, a TF.js weights file, a state_dict). */
export interface LoadableTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array;
}

export function modelToSafetensors(model: Model, metadata: Record<string, string> = {}): Uint8Array {
  const dtype = model.dtype === 'float64' ? 'F64' : 'F32';
  const tensors: Record<string, Stored> = {};
  for (const t of [...model.tensors, ...model.state]) {
    tensors[t.name] = { dtype, shape: [...t.shape], data: t.value.slice() };
  }
  return encodeSafetensors(tensors, { format: 'pt', ...metadata });
}

/**
 * Copy every tensor of a safetensors file into the model, checking names, shapes and values first: on
 * a bad file the model is left as it was.
 */
export function loadSafetensorsIntoModel(model: Model, bytes: Uint8Array, source: string): void {
  loadTensorsIntoModel(model, decodeSafetensors(bytes, source).tensors, source);
}

/**
 * Copy tensors named as gradscope names them (layers.<i>.weight [out, in], norms.<i>.*) into the model,
 * checking names, shapes and values first: on a bad tensor the model is left as it was.
 */
export function loadTensorsIntoModel(
  model: Model,
  tensors: Readonly<Record<string, LoadableTensor>>,
  source: string,
): void {
  const toModel = model.dtype === 'float32' ? Math.fround : (v: number): number => v;
  const loads: [Float32Array | Float64Array, LoadableTensor['data']][] = [];
  for (const t of [...model.tensors, ...model.state]) {
    const stored = Object.hasOwn(tensors, t.name) ? tensors[t.name] : undefined;
    const want = `[${t.shape.join(', ')}]`;
    if (!stored) {
      const isState = model.state.some((s) => s.name === t.name);
      if (isState) continue; // running statistics are optional: a plain model file still loads
      throw new UsageError(source, `a tensor ${t.name} of shape ${want}`, `no tensor ${t.name}`);
    }
    const got = `[${stored.shape.join(', ')}]`;
    if (got !== want) throw new UsageError(source, `${t.name} of shape ${want}`, `shape ${got}`);
    // NOTE: NaN/Inf weights would only surface as a "non-finite" run (exit 3), yet the file is the bad
    // input; F64 values past the float32 range would become Inf in a float32 model.
    const k = stored.data.findIndex((v) => !Number.isFinite(toModel(v)));
    if (k >= 0) {
      const range = model.dtype === 'float32' ? 'finite float32 values' : 'finite values';
      throw new UsageError(source, `${range} in ${t.name}`, `${stored.data[k]} at index ${k}`);
    }
    loads.push([t.value, stored.data]);
  }
  for (const [value, data] of loads) value.set(data);
}
