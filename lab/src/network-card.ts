// The network view's hover card: the weight under the pointer, its gradient and its layer's D_l RMS gain;
// a click (or Enter on the keyboard's cursor) pins it with a field that edits the weight (sent to the
// worker; the run goes on from it). Escape or Close unpins it and gives the focus back to the drawing.

import { shortNumber } from './network-layout.js';

export interface LinkFacts {
  readonly layer: number;
  readonly row: number;
  readonly col: number;
  readonly weight: number;
  readonly grad: number;
  /** the layer's D_l RMS gain ‖∂L/∂z_l‖ / ‖∂L/∂z_l+1‖ */
  readonly gain: number;
  /** the snapshot's step (the weight and its gradient), and the logged step of the gain */
  readonly step: number;
  readonly gainStep: number | null;
}

export interface NetworkCard {
  readonly element: HTMLElement;
  /** show facts near (x, y) in the figure's CSS px; pinned shows the edit field */
  show(facts: LinkFacts, x: number, y: number, pinned: boolean): void;
  /** show a line of text (a unit, a layer column) */
  text(lines: readonly string[], x: number, y: number): void;
  hide(): void;
  /** unpin and hide */
  close(): void;
  /** move the focus to the pinned card's edit field */
  edit(): void;
  readonly pinned: LinkFacts | null;
}

export function createNetworkCard(
  label: string,
  onEdit: (layer: number, row: number, col: number, value: number) => void,
  onClose: () => void = () => {},
): NetworkCard {
  const element = document.createElement('div');
  element.className = 'net-card';
  element.dataset.testid = 'net-card';
  element.hidden = true;
  const body = document.createElement('p');
  // read out as the keyboard's cursor moves
  body.setAttribute('aria-live', 'polite');
  const form = document.createElement('form');
  form.className = 'net-edit';
  const id = `net-weight-${label.replace(/\W+/g, '-').toLowerCase()}`;
  const fieldLabel = document.createElement('label');
  fieldLabel.htmlFor = id;
  fieldLabel.textContent = 'New weight';
  const input = document.createElement('input');
  input.id = id;
  input.type = 'text';
  input.inputMode = 'decimal';
  input.autocomplete = 'off';
  const set = document.createElement('button');
  set.type = 'submit';
  set.textContent = 'Set weight';
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Close';
  const problem = document.createElement('p');
  problem.className = 'net-problem';
  problem.setAttribute('role', 'alert');
  form.append(fieldLabel, input, set, close);
  element.append(body, form, problem);
  let pinned: LinkFacts | null = null;

  const place = (x: number, y: number): void => {
    element.hidden = false;
    const parent = element.parentElement;
    const room = parent ? parent.clientWidth : 320;
    // NOTE: kept inside the figure, so a card near the right edge never widens a phone's page
    const w = Math.min(260, room);
    element.style.maxWidth = `${w}px`;
    element.style.left = `${Math.max(0, Math.min(x + 12, room - w))}px`;
    element.style.top = `${y + 12}px`;
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!pinned) return;
    const text = input.value.trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) {
      problem.textContent = `Weight not set — expected a finite number, got ${JSON.stringify(text)}.`;
      return;
    }
    problem.textContent = '';
    onEdit(pinned.layer, pinned.row, pinned.col, value);
  });
  const unpin = (): void => {
    pinned = null;
    element.hidden = true;
  };
  close.addEventListener('click', () => {
    unpin();
    onClose();
  });
  element.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    unpin();
    onClose();
  });

  return {
    element,
    get pinned() {
      return pinned;
    },
    show(f, x, y, pin) {
      if (pinned && !pin && (pinned.layer !== f.layer || pinned.row !== f.row || pinned.col !== f.col))
        return;
      const gainAt = f.gainStep === null || f.gainStep === f.step ? '' : ` (step ${f.gainStep})`;
      body.textContent = `step ${f.step}: W_${f.layer}[${f.row}, ${f.col}] (unit ${f.col} of ${f.layer === 0 ? 'the inputs' : `layer ${f.layer - 1}`} → unit ${f.row} of layer ${f.layer}) = ${shortNumber(f.weight)} · its gradient ∂L/∂w = ${shortNumber(f.grad)} · layer ${f.layer}'s D_l RMS gain${gainAt} = ${shortNumber(f.gain)}`;
      body.dataset.step = String(f.step);
      body.dataset.weight = String(f.weight);
      body.dataset.grad = String(f.grad);
      body.dataset.gain = String(f.gain);
      body.dataset.link = `${f.layer},${f.row},${f.col}`;
      if (pin) {
        const again =
          pinned !== null && pinned.layer === f.layer && pinned.row === f.row && pinned.col === f.col;
        pinned = f;
        if (!again) {
          input.value = String(f.weight);
          problem.textContent = '';
        }
      }
      form.hidden = pinned === null;
      if (pin || !pinned) place(x, y);
    },
    text(lines, x, y) {
      if (pinned) return;
      body.textContent = lines.join(' · ');
      delete body.dataset.link;
      form.hidden = true;
      place(x, y);
    },
    hide() {
      if (!pinned) element.hidden = true;
    },
    close: unpin,
    edit() {
      if (!pinned) return;
      input.focus();
      input.select();
    },
  };
}
