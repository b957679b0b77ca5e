// Mean-field theory of signal propagation: Gaussian quadrature, the moments of each activation, the
// length and correlation maps, and the prediction for one network.

export { type Applicability, applicability, NARROW_WIDTH, type TheoryNet } from './applicability.js';
export { GAUSS_POINTS, type GaussRule, gaussMean, gaussMean2, gaussRule } from './gauss.js';
export {
  CRITICAL_TOLERANCE,
  chi1,
  chiC,
  cMap,
  criticalWeightVariance,
  cStar,
  depthScale,
  lengthMap,
  type Phase,
  phaseOf,
  qStar,
  type Variances,
  xiC,
  xiQ,
} from './mean-field.js';
export { type ActivationMoments, momentsOf } from './moments.js';
export {
  type LayerPrediction,
  type NoPrediction,
  predictTheory,
  type TheoryPrediction,
  theorySentence,
} from './predict.js';
