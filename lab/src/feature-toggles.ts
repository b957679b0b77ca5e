// The input-feature toggles (TensorFlow Playground's x₁, x₂, x₁², x₂², x₁·x₂, sin x₁, sin x₂): one checkbox
// each, read as the --features text the settings parse. Only x₁ and x₂ ticked is the data as given.

import { FEATURE_LABELS, FEATURE_NAMES, settingOf } from '../../src/index.js';

export interface FeatureToggles {
  readonly element: HTMLFieldSetElement;
  /** the ticked features, comma-separated ('' when the data has no x₁, x₂ plane) */
  value(): string;
  /** tick the features of `text` ('' = x₁, x₂); hidden and off for data without a plane */
  set(text: string, enabled: boolean): void;
}

export function createFeatureToggles(onChange: () => void): FeatureToggles {
  const element = document.createElement('fieldset');
  element.className = 'features';
  const legend = document.createElement('legend');
  legend.textContent = settingOf('features').label;
  element.append(legend);
  const boxes = FEATURE_NAMES.map((name) => {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = `ctl-features-${name}`;
    box.value = name;
    box.addEventListener('change', onChange);
    const label = document.createElement('label');
    label.htmlFor = box.id;
    label.textContent = FEATURE_LABELS[name];
    const pair = document.createElement('span');
    pair.append(box, label);
    element.append(pair);
    return box;
  });
  return {
    element,
    value: () =>
      element.disabled
        ? ''
        : boxes
            .filter((b) => b.checked)
            .map((b) => b.value)
            .join(','),
    set(text, enabled) {
      const on = new Set((text === '' ? 'x1,x2' : text).split(','));
      for (const b of boxes) b.checked = on.has(b.value);
      // image data, sine: nothing to compute the features from, so no toggles to show
      element.disabled = !enabled;
      element.hidden = !enabled;
    },
  };
}
