// Entry of the WebAssembly kernel module (built by scripts/build-wasm.mjs). Exports only functions
// over byte addresses in the imported memory; the host (src/core/kernels/wasm) owns all allocation.

export {
  leakyDerivative,
  leakyForward,
  mul,
  reluForward,
  tanhDerivative,
  tanhForward,
} from './activations';
export { gemm, gemmNN, gemmNT, gemmScratchBytes, gemmTN, setGemmScratch } from './gemm';
export { gramLanczosStart, gramLanczosStep } from './lanczos';
export {
  activationSums,
  copySquares,
  denseSums,
  measureLayers,
  snapshotLayers,
} from './layer-sums';
export { bceLoss, ceLoss, mseLoss } from './loss';
export { addRowVector, gatherRows, sumRows } from './rows';
export { shuffleU32 } from './shuffle';
export { countBelow, deadColumns, sum, sumSquaredDeviations } from './stats';
export { denseTrainStep } from './step';
export { gemmHandOffs, gemmThreads, setGemmThreads } from './threads';
export { updateFromWords } from './update';

/** First byte after the module's static data: the host may allocate from here on. */
export function heapBase(): usize {
  return __heap_base;
}
