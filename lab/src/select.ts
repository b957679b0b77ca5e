// A labelled <select> of a view's toggle (heatmap quantity, network links, the curves' step axis).

export function createSelect<V extends string>(
  label: string,
  options: readonly (readonly [V, string])[],
  className = '',
): HTMLSelectElement {
  const select = document.createElement('select');
  if (className) select.className = className;
  select.setAttribute('aria-label', label);
  for (const [value, text] of options) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    select.append(o);
  }
  return select;
}
