// Where mean-field theory speaks about a network, and where it does not. The theory is of a plain MLP
// with i.i.d. zero-mean weights of variance σ_w²/fan_in and biases N(0, σ_b²), at initialization, as
// width → ∞. Anything else changes the maps themselves, so a number from them would mean nothing.

/** What the theory needs to know of a network. */
export interface TheoryNet {
  readonly activation: string;
  /** hidden widths, input side first */
  readonly hidden: readonly number[];
  /** σ_w² = Var(W)·fan_in of each Dense layer (hidden…, output); null where the init has no such law */
  readonly weightVariances: readonly (number | null)[];
  /** σ_b² of the biases; null when they are not zero-mean random (a constant b ≠ 0) */
  readonly biasVariance: number | null;
  readonly norm: 'none' | 'layer' | 'batch';
  readonly residual: boolean;
  readonly dropout: number;
  /** the weights are orthogonal, not Gaussian */
  readonly orthogonal?: boolean;
}

export interface Applicability {
  readonly applies: boolean;
  /** why not, one sentence each (empty when it applies) */
  readonly reasons: readonly string[];
  /** what limits the prediction even where it applies */
  readonly caveats: readonly string[];
}

/** Below this width the measured per-layer factor scatters by more than ~10% around √χ₁. */
export const NARROW_WIDTH = 100;

export function applicability(net: TheoryNet): Applicability {
  const reasons: string[] = [];
  if (net.norm === 'layer')
    reasons.push(
      'LayerNorm rescales every pre-activation to unit variance, so q^l is fixed by the norm, not by the length map',
    );
  if (net.norm === 'batch')
    reasons.push('BatchNorm normalises over the batch, which couples the examples the theory treats apart');
  if (net.residual)
    reasons.push(
      'a residual block adds its input to the branch, so a layer multiplies E‖δ‖² by about 1 + s²χ₁, not χ₁ (see --residual-branch)',
    );
  if (net.dropout > 0)
    reasons.push(
      'dropout rescales the length map and removes the critical point (Schoenholz et al. 2017, §5)',
    );
  if (net.weightVariances.some((v) => v === null || v === 0))
    reasons.push(
      'an initializer without a variance σ_w²/fan_in (zeros) gives no random network to average over',
    );
  if (net.biasVariance === null)
    reasons.push('the biases are a constant b ≠ 0, not N(0, σ_b²) (use --bias-init normal:<σ_b> or 0)');
  const caveats = ['at initialization only: training moves the weights away from the random ensemble'];
  const narrowest = Math.min(...net.hidden);
  if (narrowest < NARROW_WIDTH)
    caveats.push(
      `width ${narrowest} is finite: the theory is the width → ∞ limit, and a layer's measured factor scatters around it by O(1/√width)`,
    );
  if (net.activation.startsWith('elu'))
    caveats.push("ELU's f' has a kink at 0: its Gaussian moments by quadrature are good to ~1e-3, not 1e-8");
  if (net.orthogonal)
    caveats.push(
      'orthogonal weights: q*, χ₁ and ξ_c hold, the spread of the gradient across directions does not',
    );
  return { applies: reasons.length === 0, reasons, caveats };
}
