// Model ↔ safetensors tensors. Dense layer i is `layers.<i>.weight` [out, in] and `layers.<i>.bias`
// [out]; norm layers and their running statistics follow under `norms.<i>.*`. F32 in float32 mode,
// F64 in float64 mode; loading accepts either and converts.

import { shortList, shortText, UsageError } from '../errors.js';
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

export interface LoadOptions {
  /**
   * load the tensors the model has and skip the rest, like PyTorch's `load_state_dict(strict=False)`;
   * default strict: every tensor of the file is one of the model's, and every model tensor is in the file
   */
  readonly partial?: boolean;
}

/** What a load did, tensor names in model order (file order for `ignored`). */
export interface LoadReport {
  readonly loaded: readonly string[];
  /** tensors of the file the model does not have (only with `partial`) */
  readonly ignored: readonly string[];
  /** tensors of the model the file does not have, left as they were (only with `partial`, or running statistics) */
  readonly missing: readonly string[];
}

/** Copy the tensors of a safetensors file into the model: loadTensorsIntoModel on the decoded file. */
export function loadSafetensorsIntoModel(
  model: Model,
  bytes: Uint8Array,
  source: string,
  options: LoadOptions = {},
): LoadReport {
  return loadTensorsIntoModel(model, decodeSafetensors(bytes, source).tensors, source, options);
}

/**
 * Copy tensors named as gradscope names them (layers.<i>.weight [out, in], norms.<i>.*) into the model,
 * checking names, shapes and values first: on a bad tensor the model is left as it was. Strict by default, as PyTorch's `load_state_dict(strict=True)`:
 * a tensor the model does not have, or a model tensor the file lacks, is refused by name (running
 * statistics excepted: a file without them still loads). Shapes are checked either way.
 * reference: torch.nn.Module.load_state_dict (missing_keys, unexpected_keys, size mismatch)
 */
export function loadTensorsIntoModel(
  model: Model,
  tensors: Readonly<Record<string, LoadableTensor>>,
  source: string,
  options: LoadOptions = {},
): LoadReport {
  const partial = options.partial === true;
  const own = [...model.tensors, ...model.state];
  const names = new Set(own.map((t) => t.name));
  const ignored = Object.keys(tensors).filter((name) => !names.has(name));
  if (!partial && ignored.length > 0) {
    const name = JSON.stringify(shortText(ignored[0]!));
    const more = ignored.length > 1 ? ` (and ${ignored.length - 1} more)` : '';
    throw new UsageError(
      source,
      `only tensors of this model (${shortList([...names])})`,
      shown(`an unexpected tensor ${name}${more}`),
    );
  }
  const toModel = model.dtype === 'float32' ? Math.fround : (v: number): number => v;
  const loads: [Float32Array | Float64Array, LoadableTensor['data']][] = [];
  const loaded: string[] = [];
  const missing: string[] = [];
  for (const t of own) {
    const stored = Object.hasOwn(tensors, t.name) ? tensors[t.name] : undefined;
    const want = `[${t.shape.join(', ')}]`;
    if (!stored) {
      const isState = model.state.some((s) => s.name === t.name);
      missing.push(t.name);
      if (isState || partial) continue; // running statistics are optional: a plain model file still loads
      throw new UsageError(source, `a tensor ${t.name} of shape ${want}`, `no tensor ${t.name}`);
    }
    const got = shortText(`[${stored.shape.join(', ')}]`);
    if (got !== want) throw new UsageError(source, `${t.name} of shape ${want}`, `shape ${got}`);
    // NOTE: NaN/Inf weights would only surface as a "non-finite" run (exit 3), yet the file is the bad
    // input; F64 values past the float32 range would become Inf in a float32 model.
    const k = stored.data.findIndex((v) => !Number.isFinite(toModel(v)));
    if (k >= 0) {
      const range = model.dtype === 'float32' ? 'finite float32 values' : 'finite values';
      throw new UsageError(source, `${range} in ${t.name}`, `${stored.data[k]} at index ${k}`);
    }
    loads.push([t.value, stored.data]);
    loaded.push(t.name);
  }
  for (const [value, data] of loads) value.set(data);
  return { loaded, ignored, missing };
}

/** UsageError quotes a string `actual`; a described value is shown as it is. */
function shown(text: string): { toString(): string } {
  return { toString: () => text };
}
