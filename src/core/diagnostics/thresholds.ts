// Every threshold the diagnostics use, named and documented in one place (the README's table quotes
// them). Ratios compare the per-example backpropagated signal ‖∂ℓ/∂z_l‖ between layers: the measured
// product of the notes' D_l.

/**
 * `vanishing` when the signal reaching layer 0 is below this fraction of the signal at the output layer:
 * the notes' Π D_l ≪ 1. 1e-3 lies three decades from a healthy network (ReLU + He stays within ~10×)
 * and far above sigmoid at depth 20 (~1e-13).
 */
export const VANISHING_RATIO = 1e-3;

/** `exploding` when the signal at layer 0 exceeds the output layer's by this factor: Π D_l ≫ 1. */
export const EXPLODING_RATIO = 1e3;

/**
 * A layer is listed in a vanishing/exploding finding once its own signal ratio to the output layer
 * passes the square root of the whole-network threshold: the layers where most of the decay happened.
 */
export const LAYER_FLOW_RATIO = Math.sqrt(VANISHING_RATIO);

/** The fraction of z ≤ 0 over the batch (per unit) that makes a ReLU layer `dead-relu`. */
export const DEAD_RELU_FRACTION = 0.5;

/**
 * With a residual path h + s·F(h), a dead unit only silences its branch: the identity still carries the
 * gradient past it. There `dead-relu` needs nearly the whole layer dead.
 */
export const RESIDUAL_DEAD_RELU_FRACTION = 0.9;

/** f'(z) below this fraction of max f' counts a unit-activation as saturated (the 5%). */
export const SATURATION_DERIVATIVE = 0.05;

/** The fraction of saturated unit-activations that makes a sigmoid/tanh layer `saturated`. */
export const SATURATED_FRACTION = 0.5;

// Vanishing causes: D_l ≈ W_l·f'(z) splits the measured per-layer factor g into E[f'(z)] and g / E[f'(z)]
// (what the weights contribute). When the weights shrink more, the cause is `small-weights`; otherwise
// it is `dead-units` or `saturation` when these fractions say so, else `small-derivative`.

/** Vanishing is attributed to dead units when hidden layers are on average at least this dead. */
export const DEAD_CAUSE_FRACTION = 0.3;

/** Vanishing is attributed to saturation when hidden layers are on average at least this saturated. */
export const SATURATED_CAUSE_FRACTION = 0.25;

/**
 * `overfitting` needs validation loss to have risen for at least this many evaluations (k): the
 * minimum of the validation curve lies at least k evaluations before the last one.
 */
export const OVERFIT_WINDOW = 5;

/** …and the last validation loss above that minimum by this relative margin. */
export const OVERFIT_MIN_RISE = 0.05;

/**
 * …and by at least this much in absolute terms (nats, or squared units for mse): near zero loss a 5% rise
 * is evaluation noise, not a trend.
 */
export const OVERFIT_MIN_ABS_RISE = 0.01;

/**
 * `no-generalization`: validation is at chance when its accuracy is at most the validation set's
 * majority-class rate c plus CHANCE_Z binomial standard errors, c + z·√(c(1 − c)/n) (normal
 * approximation; z = 2 is a one-sided 97.7% bound), and training beat it when the accuracy gap
 * train − val exceeds z·√(c(1 − c)(1/n_train + 1/n_val)), the two-proportion test under "both at
 * chance". For mse the margin is relative: z·√(2/n), the standard error of a mean square of n Gaussian
 * residuals.
 */
export const CHANCE_Z = 2;

/** `underfitting` when the final training loss is at least this fraction of the constant-predictor loss. */
export const UNDERFIT_LOSS_RATIO = 0.9;

/**
 * …and when it is above this multiple of the constant-predictor loss, the steps overshoot: training made
 * the fit worse than predicting the label frequencies, so the advice is a smaller `--lr`, not more steps.
 */
export const OVERSHOOT_LOSS_RATIO = 2;

/**
 * `underfitting` (λ collapsed the weights) when λ > 0 and Σ‖W_l‖_F² at the end is below this fraction
 * of its value at initialization.
 */
export const WEIGHT_COLLAPSE_RATIO = 0.01;

/** Fit findings (overfitting, underfitting) are judged only after this many updates. */
export const MIN_FIT_STEPS = 100;

/**
 * The most Lanczos steps for each Jacobian spectral norm (jacobian.ts). Each step applies J and Jᵀ once;
 * the estimate is a lower bound, exact once the steps reach the Jacobian's rank.
 */
export const PROBE_ITERATIONS = 30;

/**
 * A Jacobian norm by Lanczos (jacobian.ts) stops before PROBE_ITERATIONS steps once every example's
 * estimate changed by less than this relative amount in the last step.
 */
export const JACOBIAN_TOLERANCE = 1e-6;

/**
 * ‖W_l‖₂ in the probes: subspace iteration on WᵀW (WEIGHT_NORM_BLOCK vectors) on the kernels,
 * warm-started from the last probe's subspace, stopped once the estimate changes by at most this relative
 * amount between two iterations…
 */
export const WEIGHT_NORM_TOLERANCE = 1e-5;

/** …or after this many iterations. */
export const WEIGHT_NORM_ITERATIONS = 300;

/** The vectors iterated together for ‖W_l‖₂ (a random start that misses the top one cannot stall it). */
export const WEIGHT_NORM_BLOCK = 4;

/**
 * A Jacobian range (one block, or the whole network) whose narrow side m = min(in, out) is at most this
 * is measured exactly, from m jvp/vjp passes and an m×m Gram matrix, instead of by power iteration
 * (cheaper whenever m < 2 · PROBE_ITERATIONS): the output layer of a classifier, the end-to-end Jacobian
 * of a network with few inputs or outputs, every layer of a small network.
 */
export const JACOBIAN_EXACT_WIDTH = 16;

/** Examples in the probe batch (the first rows of the training set). */
export const PROBE_BATCH = 64;

/**
 * Relative tolerance of `boundHolds`: ‖J‖ ≤ Π‖D_l‖ · (1 + tol). Both sides are power-iteration lower
 * bounds, so the check can only fail by underestimating some ‖D_l‖; 1e-2 covers that at 30 iterations.
 */
export const BOUND_TOLERANCE = 1e-2;

/** Grid points per side for decision-boundary sharpness on 2D data (40 × 40). */
export const SHARPNESS_GRID = 40;

/** Points on the line for sharpness on 1D data. */
export const SHARPNESS_LINE = 200;

/** The grid covers the data's bounding box padded by this fraction of its extent on every side. */
export const SHARPNESS_PAD = 0.1;

/** At most this many training points are used for sharpness on data of 3 or more dimensions… */
export const SHARPNESS_MAX_POINTS = 1024;

/**
 * `underfitting` (stopped early) when the training loss is still at least this fraction of the
 * constant-predictor loss, fell by at least UNFINISHED_DROP over the last quarter of the run, and the
 * validation loss is still at its lowest at the last evaluation: the run ended while it was learning.
 */
export const UNFINISHED_LOSS_RATIO = 0.3;
export const UNFINISHED_DROP = 0.1;

/**
 * …and at most this many point-passes: each data point costs min(K, D) jvp or vjp passes through the
 * network (K outputs, D inputs), so the first ⌊budget / min(K, D)⌋ points are used (one output: 256)…
 * The grid (2D) and the line (1D) are always measured whole.
 */
export const SHARPNESS_PASS_BUDGET = 256;

/** …but never fewer than this many points (the data set allowing; 10 classes: 64 points, 640 passes). */
export const SHARPNESS_MIN_POINTS = 64;
