// The settings form: one labelled, keyboard-operable control per LabState field, grouped as the issue
// lists them. It reports raw text values; validation happens in state.ts (through the core).

import { isCsvSource } from '../../src/core/data/prepare.js';
import { INIT_NAMES } from '../../src/core/init.js';
import {
  CHOICES,
  GENERATOR_NAMES,
  type LabState,
  NUMBER_FIELDS,
  type StateKey,
  stateToRecord,
} from './state.js';

interface ControlSpec {
  readonly key: StateKey;
  readonly label: string;
  readonly step?: string;
  /** free text with suggestions (init specs such as normal:0.5) */
  readonly suggest?: readonly string[];
  readonly hint?: string;
}

const GROUPS: readonly { legend: string; controls: readonly ControlSpec[] }[] = [
  {
    legend: 'Data',
    controls: [
      { key: 'data', label: 'Dataset' },
      { key: 'samples', label: 'Samples', step: '10' },
      { key: 'noise', label: 'Noise', step: '0.05' },
      { key: 'trainPct', label: 'Train %', step: '5' },
    ],
  },
  {
    legend: 'Network',
    controls: [
      { key: 'depth', label: 'Hidden layers (depth)', step: '1' },
      { key: 'width', label: 'Width', step: '1' },
      { key: 'activation', label: 'Activation' },
      {
        key: 'init',
        label: 'Initializer',
        suggest: [
          ...INIT_NAMES.filter((n) => n !== 'normal' && n !== 'uniform'),
          'normal:0.5',
          'uniform:0.1',
        ],
        hint: 'e.g. he-normal, normal:0.5',
      },
      { key: 'loss', label: 'Loss' },
    ],
  },
  {
    legend: 'Training',
    controls: [
      { key: 'optimizer', label: 'Optimizer' },
      { key: 'lr', label: 'Learning rate', step: 'any' },
      { key: 'batchMode', label: 'Batch mode' },
      { key: 'batchSize', label: 'Minibatch size', step: '1' },
      { key: 'l1', label: 'L1 λ', step: 'any' },
      { key: 'l2', label: 'L2 λ', step: 'any' },
      { key: 'weightDecay', label: 'Weight decay λ', step: 'any' },
      { key: 'dropout', label: 'Dropout p', step: '0.05' },
      { key: 'clipNorm', label: 'Clip norm (0 = off)', step: 'any' },
      { key: 'norm', label: 'Normalization' },
      { key: 'residual', label: 'Residual connections' },
      { key: 'residualScale', label: 'Residual scale (0 = 1/√L)', step: 'any' },
      { key: 'seed', label: 'Seed', step: '1' },
    ],
  },
];

export interface Controls {
  readonly element: HTMLFormElement;
  set(state: LabState): void;
  /** the current text of every control */
  read(): Record<string, string>;
}

type Field = HTMLInputElement | HTMLSelectElement;

export function createControls(onChange: (raw: Record<string, string>) => void): Controls {
  const form = document.createElement('form');
  form.className = 'controls';
  form.setAttribute('aria-label', 'settings');
  form.addEventListener('submit', (e) => e.preventDefault());
  const fields = new Map<StateKey, Field>();

  for (const group of GROUPS) {
    const set = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = group.legend;
    set.append(legend);
    for (const c of group.controls) {
      const id = `ctl-${c.key}`;
      const row = document.createElement('div');
      row.className = 'field';
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = c.label;
      const field = makeField(c);
      field.id = id;
      field.name = c.key;
      field.addEventListener('change', () => onChange(read()));
      fields.set(c.key, field);
      if (field instanceof HTMLInputElement && field.type === 'checkbox') row.append(field, label);
      else row.append(label, field);
      set.append(row);
    }
    form.append(set);
  }

  function read(): Record<string, string> {
    const raw: Record<string, string> = {};
    for (const [key, f] of fields) {
      raw[key] = f instanceof HTMLInputElement && f.type === 'checkbox' ? String(f.checked) : f.value.trim();
    }
    return raw;
  }

  return {
    element: form,
    read,
    set(state) {
      const rec = stateToRecord(state);
      for (const [key, f] of fields) {
        const v = rec[key];
        if (f instanceof HTMLInputElement && f.type === 'checkbox') f.checked = v === 'true';
        else {
          if (f instanceof HTMLSelectElement) ensureOption(f, v);
          f.value = v;
        }
      }
      const batch = fields.get('batchSize')!;
      batch.disabled = state.batchMode !== 'minibatch';
      fields.get('residualScale')!.disabled = !state.residual;
      // an uploaded CSV fixes the samples; noise only shapes the generators
      const csv = isCsvSource(state.data);
      fields.get('samples')!.disabled = csv;
      fields.get('noise')!.disabled = csv;
    },
  };
}

function makeField(c: ControlSpec): Field {
  const choices = c.key === 'data' ? GENERATOR_NAMES : CHOICES[c.key];
  if (choices) {
    const select = document.createElement('select');
    for (const name of choices) ensureOption(select, name);
    return select;
  }
  const input = document.createElement('input');
  if (c.key === 'residual') {
    input.type = 'checkbox';
    return input;
  }
  const rule = NUMBER_FIELDS[c.key];
  if (rule) {
    input.type = 'number';
    input.inputMode = 'decimal';
    if (rule.min !== undefined) input.min = String(rule.min);
    if (rule.max !== undefined) input.max = String(rule.max);
    input.step = c.step ?? 'any';
    return input;
  }
  input.type = 'text';
  input.spellcheck = false;
  input.autocomplete = 'off';
  if (c.hint) input.placeholder = c.hint;
  if (c.suggest) {
    const list = document.createElement('datalist');
    list.id = `${c.key}-options`;
    for (const s of c.suggest) {
      const o = document.createElement('option');
      o.value = s;
      list.append(o);
    }
    input.setAttribute('list', list.id);
    queueMicrotask(() => input.after(list));
  }
  return input;
}

/** Selects gain an option for a value set from the URL or a CSV upload (e.g. leaky-relu:0.1, my.csv). */
function ensureOption(select: HTMLSelectElement, value: string): void {
  if (Array.from(select.options).some((o) => o.value === value)) return;
  const o = document.createElement('option');
  o.value = value;
  o.textContent = value;
  select.append(o);
}
