// "How to read this" for each view: axes, colours, the dashed line, and which way is bad. A <details>
// element, so it opens by keyboard and says its state to a screen reader.

export type View =
  | 'boundary'
  | 'heatmap'
  | 'curves'
  | 'bars'
  | 'diagnosis'
  | 'grid'
  | 'histograms'
  | 'network';

const TEXT: Readonly<Record<View, string>> = {
  boundary:
    'Each dot is an example: filled = training, hollow = validation, coloured by its class. The background is the network’s prediction (blue = class 0, orange = class 1, pale = unsure). Discretize paints each cell in the class it predicts (no shades of confidence); Show validation data hides or shows the hollow dots. Good: a smooth boundary that follows the data. Bad: islands around single noisy points (overfitting), or one flat colour (the network predicts a constant: underfitting or a dead network).',
  heatmap:
    'One row per layer (the output at the top, the input at the bottom), one column per logged step. The colour is log₁₀ of the norm on a fixed scale, 1e-16 (dark) to 1e10 (bright), the same for every run so that A and B in Compare read alike; grey is NaN/Inf. Good: one even colour from top to bottom. Bad: a dark bottom (vanishing: the first layers receive almost no gradient) or a bright bottom (exploding). Pick ‖∂L/∂z_l‖ to see the back-propagated signal the diagnosis quotes. In Compare each run trains at its own pace on one step axis, 0 to the step of the run that is furthest: a slower run’s columns end short, at its own step.',
  curves:
    'Loss (log scale) and accuracy at each logged step, of the whole training set in eval mode (solid) and the validation set (dashed). Bad: validation loss turning up while training loss keeps falling (overfitting), or a training loss that stays at its starting value (underfitting). In Compare both runs’ charts share one step axis; a step limit stops both at the same step.',
  bars: 'One bar per layer at the latest logged step. ‖∂L/∂W_l‖: the gradient each layer’s weights get (log axis). D_l RMS gain: how much the back-propagated signal grows or shrinks through the layer, measured as ‖∂L/∂z_l‖ / ‖∂L/∂z_l+1‖; the dashed line is 1 — below it the signal shrinks (many bars below: vanishing), above it grows (exploding). D_l spectral norm: the largest stretch of the layer’s Jacobian, from a power-iteration probe; it is at least the RMS gain. dead % and saturated %: units whose f′(z) ≈ 0.',
  grid: 'The first validation images (never trained on), each as its pixels, with the class the network predicts for it now. ✓ and a solid green frame: the prediction is the true class; ✗ and a dashed red frame: it is not (a screen reader hears the true class too). The count above is this grid’s accuracy; with a validation size of 48 or less the grid is the whole validation set. Bad: one class predicted for every image (a network that has not learned, e.g. a zero init).',
  histograms:
    'One row per layer (the input side at the top), for the training batch of the latest logged step: how many values fall in each decade of |value|, on fixed bins from 10⁻¹⁶ to 10⁴ that never move, so one column further left is ten times smaller. Left: the activations |h_l| (the output row is the logits). Right: the per-example back-propagated signal |∂ℓ/∂z_l|. The first column counts exact zeros; a red count says how many were NaN/Inf. Good: the ∂ℓ/∂z rows sit in the same decades from top to bottom. Bad: rows that slide left, decade by decade, toward the input (vanishing); rows that slide right (exploding); activations piled at 1 (tanh saturated).',
  network:
    'The network, inputs on the left, the output on the right; each line is one weight. By weight: line width ∝ |w| (the largest weight of the net is the thickest), orange for w > 0, blue for w < 0. By gradient: width and colour show log₁₀|∂L/∂w| of the last step on a fixed scale, 1e-8 (thin, dark) to 1 (thick, yellow): near the input thin dark lines mean vanishing, thick bright ones exploding. Each hidden box shows the unit’s output over the input plane (orange positive, blue negative); a red box is a dead unit (z ≤ 0 on every training row: it gets no gradient), a purple box a saturated one (f′(z) ≈ 0 on most rows). Hover a line for its weight, its gradient and the layer’s D_l RMS gain (how much the back-propagated signal grows through the layer; below 1 it shrinks); click it to edit the weight, and the run goes on from the new value. A network too large to draw (more than 9 layers or 16 units a layer) shows one column per layer instead: its colour is the RMS |w| or ‖∂L/∂W_l‖, its red part the dead or saturated units. Residual skips are not drawn.',
  diagnosis:
    'The verdict of the run so far: the same as `gradscope diagnose` on the exported run. Each finding quotes the numbers it rests on; findings that follow from the first one offer its fix. Apply fix starts the run again with the fix and plays it; a fix that raises the Step limit (train longer) goes on from the current weights instead.',
};

export function howToRead(view: View): HTMLElement {
  const details = document.createElement('details');
  details.className = 'how';
  details.dataset.view = view;
  const summary = document.createElement('summary');
  summary.textContent = 'How to read this';
  const p = document.createElement('p');
  p.textContent = TEXT[view];
  details.append(summary, p);
  return details;
}
