// The network view by keyboard: the drawing is one tab stop, and a cursor walks its parts as the pointer
// would hover them. ←/→ move between layers, ↑/↓ along the links of a layer (a collapsed network has one
// column a layer), Home/End jump to the ends, Enter opens the hover card's edit field on a link, Escape
// closes the card. The card follows the cursor, so what the pointer reads the keyboard reads too.

export interface NetworkKeys {
  /** the drawing was rebuilt: its parts, by layer (each layer's links, or its one column) */
  parts(groups: readonly (readonly Element[])[]): void;
}

/** the keys, as the view's key line states them: a drawing of every link, and a collapsed one */
export const LINK_KEYS =
  'keyboard: Tab to the drawing, ←/→ layer, ↑/↓ link, Enter edits the weight, Escape closes';
export const COLUMN_KEYS = 'keyboard: Tab to the drawing, ←/→ layer';

export function attachNetworkKeys(
  svg: SVGSVGElement,
  on: {
    /** show the card for a part; `pin` opens the edit field (links only) and moves focus there */
    show(part: Element, pin: boolean): void;
    /** the cursor left the drawing: hide an unpinned card */
    leave(): void;
    /** Escape: unpin and hide the card */
    close(): void;
  },
): NetworkKeys {
  let groups: readonly (readonly Element[])[] = [];
  let g = 0;
  let k = 0;
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('aria-keyshortcuts', 'ArrowLeft ArrowRight ArrowUp ArrowDown Home End Enter Escape');

  const current = (): Element | null => groups[g]?.[k] ?? null;
  const mark = (pin: boolean): void => {
    for (const el of svg.querySelectorAll('.focused')) el.classList.remove('focused');
    const part = current();
    if (!part) return;
    part.classList.add('focused');
    on.show(part, pin);
  };

  svg.addEventListener('focus', () => mark(false));
  svg.addEventListener('blur', () => {
    for (const el of svg.querySelectorAll('.focused')) el.classList.remove('focused');
    on.leave();
  });
  svg.addEventListener('keydown', (e) => {
    if (groups.length === 0) return;
    const n = groups.length;
    const size = (i: number): number => groups[i]?.length ?? 0;
    switch (e.key) {
      case 'ArrowRight':
        g = Math.min(n - 1, g + 1);
        k = Math.min(k, size(g) - 1);
        break;
      case 'ArrowLeft':
        g = Math.max(0, g - 1);
        k = Math.min(k, size(g) - 1);
        break;
      case 'ArrowDown':
        k = Math.min(size(g) - 1, k + 1);
        break;
      case 'ArrowUp':
        k = Math.max(0, k - 1);
        break;
      case 'Home':
        g = 0;
        k = 0;
        break;
      case 'End':
        g = n - 1;
        k = size(g) - 1;
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        mark(true);
        return;
      case 'Escape':
        on.close();
        return;
      default:
        return;
    }
    e.preventDefault();
    mark(false);
  });

  return {
    parts(next) {
      groups = next.filter((p) => p.length > 0);
      g = Math.min(g, Math.max(0, groups.length - 1));
      k = Math.min(k, Math.max(0, (groups[g]?.length ?? 1) - 1));
      if (document.activeElement === svg) mark(false);
    },
  };
}
