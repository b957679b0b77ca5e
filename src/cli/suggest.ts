// "did you mean --lr?": the suggester lives in the core (the sweep file's validator uses it too).
export { didYouMean, editDistance } from '../index.js';
