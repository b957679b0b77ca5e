// How a per-run view of small panels is laid out: a block under its heading with a line that states the
// step it shows, a row of panels, and each panel a captioned canvas. The layer bars, the histograms and
// the image grid share it.

export interface ViewBlock {
  readonly element: HTMLElement;
  /** the line under the heading: the step the view shows (a screen reader is not interrupted by it) */
  readonly note: HTMLElement;
  /** where the panels go */
  readonly row: HTMLElement;
}

/**
 * A div under its h3, not a labelled section: Compare shows two of each view, and two regions of one name
 * fail axe's landmark-unique.
 */
export function createBlock(opts: { className: string; title: string; rowClass: string }): ViewBlock {
  const element = document.createElement('div');
  element.className = opts.className;
  element.dataset.testid = opts.className;
  const heading = document.createElement('h3');
  heading.textContent = opts.title;
  const note = document.createElement('p');
  note.className = 'at-step';
  note.setAttribute('aria-live', 'off');
  const row = document.createElement('div');
  row.className = opts.rowClass;
  element.append(heading, note, row);
  return { element, note, row };
}

export interface CanvasPanel {
  readonly caption: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  /** null where a canvas has no 2-D context (never in a browser; a test DOM may lack one) */
  readonly ctx: CanvasRenderingContext2D | null;
}

/** A figure of a caption over a canvas (role="img", named by its aria-label), appended to `parent`. */
export function canvasPanel(
  parent: HTMLElement,
  title: string,
  size: { width: number; height: number },
  data: Readonly<Record<string, string>>,
): CanvasPanel {
  const fig = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  canvas.setAttribute('role', 'img');
  Object.assign(canvas.dataset, data);
  fig.append(caption, canvas);
  parent.append(fig);
  return { caption, canvas, ctx: canvas.getContext('2d') };
}
