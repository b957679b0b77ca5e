// The settings form: one labelled, keyboard-operable control per LabState field, grouped and labelled as
// the settings table says. It reports raw text values; validation happens in state.ts (through the core).

import {
  hasFeaturePlane,
  INIT_NAMES,
  isCsvSource,
  type RuleShape,
  type SettingGroup,
  settingOf,
} from '../../src/index.js';
import { createFeatureToggles } from './feature-toggles.js';
import { FIELD_RULES } from './fields.js';
import { isLabDataSet } from './image-data.js';
import { type LabState, STATE_KEYS, type StateKey, stateToRecord } from './state.js';

const LEGENDS: Readonly<Record<SettingGroup, string>> = {
  data: 'Data',
  network: 'Network',
  training: 'Training',
  regularization: 'Regularization',
  clipping: 'Clipping',
  diagnostics: 'Diagnostics',
};

interface Presentation {
  readonly step?: string;
  /** a range slider beside the number field: linear over the field's range, or log₁₀ over [lo, hi] */
  readonly slider?: 'linear' | { readonly log: readonly [number, number] };
  /** free text with suggestions (init specs such as normal:0.5, batch sizes) */
  readonly suggest?: readonly string[];
  readonly hint?: string;
}

/** How a field looks; its label, range and choices come from the settings (fields.ts). */
const PRESENTATION: Readonly<Partial<Record<StateKey, Presentation>>> = {
  samples: { step: '10', slider: 'linear' },
  dataSeed: { hint: 'blank: the Seed' },
  noise: { step: '0.05', slider: 'linear' },
  valSplit: { step: '0.05', slider: 'linear' },
  dropout: { step: '0.05', slider: 'linear' },
  lr: { slider: { log: [-4, 1] } },
  init: {
    suggest: [...INIT_NAMES.filter((n) => n !== 'normal' && n !== 'uniform'), 'normal:0.5', 'uniform:0.1'],
    hint: 'e.g. he-normal, normal:0.5',
  },
  batchSize: { suggest: ['full', '1', '32'], hint: 'full, 1 (SGD) or b' },
  residualScale: { suggest: ['auto', '1', '0.5'], hint: 'auto = 1/√L' },
  clipNorm: { suggest: ['none', '1', '5'], hint: 'none = off' },
  trainSize: { suggest: ['all', '1000', '2000'], hint: 'all or N rows' },
  valSize: { suggest: ['all', '500', '1000'], hint: 'all or N rows' },
};

/** The lab's fields in fieldsets by the settings' groups, in the table's order. */
const GROUPS = (Object.keys(LEGENDS) as SettingGroup[])
  .map((group) => ({ legend: LEGENDS[group], keys: STATE_KEYS.filter((k) => settingOf(k).group === group) }))
  .filter((g) => g.keys.length > 0);

export interface Controls {
  readonly element: HTMLFormElement;
  set(state: LabState): void;
  /** the current text of every control */
  read(): Record<string, string>;
  /** classroom mode: hide these settings' controls (a fieldset left empty goes too) */
  hide(keys: readonly string[]): void;
}

type Field = HTMLInputElement | HTMLSelectElement;

export function createControls(onChange: (raw: Record<string, string>) => void): Controls {
  const form = document.createElement('form');
  form.className = 'controls';
  form.setAttribute('aria-label', 'settings');
  form.addEventListener('submit', (e) => e.preventDefault());
  const fields = new Map<StateKey, Field>();
  const rows = new Map<StateKey, HTMLElement>();
  /** each slider follows its field when the form is set (a URL, a preset, a fix) */
  const syncs: (() => void)[] = [];
  const features = createFeatureToggles(() => onChange(read()));

  for (const group of GROUPS) {
    const set = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = group.legend;
    set.append(legend);
    for (const key of group.keys) {
      const id = `ctl-${key}`;
      const row = document.createElement('div');
      row.className = 'field';
      rows.set(key, row);
      if (key === 'features') {
        row.append(features.element);
        set.append(row);
        continue;
      }
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = settingOf(key).label;
      const field = makeField(key);
      field.id = id;
      field.name = key;
      field.addEventListener('change', () => onChange(read()));
      fields.set(key, field);
      if (field instanceof HTMLInputElement && field.type === 'checkbox') row.append(field, label);
      else row.append(label, field);
      const look = PRESENTATION[key];
      if (look?.slider && field instanceof HTMLInputElement) {
        const s = slider(field, look.slider, label.textContent);
        syncs.push(s.sync);
        row.append(s.range);
      }
      set.append(row);
    }
    form.append(set);
  }

  function read(): Record<string, string> {
    const raw: Record<string, string> = {};
    for (const [key, f] of fields) {
      raw[key] = f instanceof HTMLInputElement && f.type === 'checkbox' ? String(f.checked) : f.value.trim();
    }
    // a data set without an x₁, x₂ plane (sine, images) trains on its columns as given
    raw.features = hasFeaturePlane(raw.data ?? '') ? features.value() : '';
    return raw;
  }

  return {
    element: form,
    read,
    hide(keys) {
      for (const key of keys) {
        const row = rows.get(key as StateKey);
        if (row) row.hidden = true;
      }
      for (const set of form.querySelectorAll('fieldset')) {
        const rows = Array.from(set.querySelectorAll<HTMLElement>('.field'));
        set.hidden = rows.length > 0 && rows.every((r) => r.hidden);
      }
    },
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
      for (const sync of syncs) sync();
      fields.get('residualScale')!.disabled = !state.residual;
      // an uploaded CSV fixes the samples; noise only shapes the generators
      // an image set (fashion-mnist, mnist) has its own rows too
      const csv = isCsvSource(state.data) || isLabDataSet(state.data);
      fields.get('samples')!.disabled = csv;
      fields.get('noise')!.disabled = csv;
      // the features are computed from an x₁, x₂ plane (a CSV's columns are checked by the trainer)
      features.set(rec.features, hasFeaturePlane(state.data));
    },
  };
}

/**
 * A range input that moves the number field: live while dragged, applied (a change event on the field)
 * when let go. A log slider holds log₁₀ of the value (the learning rate from 1e-4 to 10).
 */
function slider(
  field: HTMLInputElement,
  kind: NonNullable<Presentation['slider']>,
  label: string,
): { range: HTMLInputElement; sync(): void } {
  const range = document.createElement('input');
  range.type = 'range';
  range.className = 'slider';
  range.setAttribute('aria-label', `${label} slider`);
  const log = kind === 'linear' ? null : kind.log;
  range.min = log ? String(log[0]) : field.min;
  range.max = log ? String(log[1]) : field.max === '' ? '1' : field.max;
  range.step = log ? '0.05' : field.step === 'any' ? '0.01' : field.step;
  const toValue = (v: number): string => (log ? String(Number((10 ** v).toPrecision(2))) : String(v));
  const fromValue = (): void => {
    const v = Number(field.value);
    if (Number.isFinite(v) && (!log || v > 0)) range.value = String(log ? Math.log10(v) : v);
  };
  range.addEventListener('input', () => {
    field.value = toValue(Number(range.value));
  });
  range.addEventListener('change', () => {
    field.value = toValue(Number(range.value));
    field.dispatchEvent(new Event('change'));
  });
  field.addEventListener('input', fromValue);
  return { range, sync: fromValue };
}

/** The choices of a select: a choice, an activation name, or a word and a choice (loss: auto). */
function choicesOf(rule: RuleShape): readonly string[] | null {
  if (rule.kind === 'choice') return rule.choices;
  if (rule.kind === 'spec') return rule.names;
  if (rule.kind === 'or' && rule.word !== null && rule.inner.kind === 'choice')
    return [rule.word, ...rule.inner.choices];
  return null;
}

function makeField(key: StateKey): Field {
  const rule = FIELD_RULES[key];
  const look = PRESENTATION[key] ?? {};
  const choices = look.suggest ? null : choicesOf(rule);
  if (choices) {
    const select = document.createElement('select');
    for (const name of choices) ensureOption(select, name);
    return select;
  }
  const input = document.createElement('input');
  if (rule.kind === 'bool') {
    input.type = 'checkbox';
    return input;
  }
  if (rule.kind === 'number') {
    input.type = 'number';
    input.inputMode = 'decimal';
    if (rule.min !== undefined) input.min = String(rule.min);
    if (rule.max !== undefined) input.max = String(rule.max);
    input.step = look.step ?? (rule.integer ? '1' : 'any');
    return input;
  }
  input.type = 'text';
  input.spellcheck = false;
  input.autocomplete = 'off';
  if (look.hint) input.placeholder = look.hint;
  if (look.suggest) {
    const list = document.createElement('datalist');
    list.id = `${key}-options`;
    for (const s of look.suggest) {
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
