// gradscope/tfjs: gradscope's instruments, clipping and AdamW for TensorFlow.js models. @tensorflow/tfjs-core
// and @tensorflow/tfjs-layers are peer dependencies: the model and the optimizer are the caller's.

export {
  type ClipMode,
  type ClipOptions,
  type ClipStats,
  clipGradients,
  type GradientClipper,
} from './clip.js';
export { adamW, decoupledWeightDecay, type WeightDecay, type WeightDecayOptions } from './decay.js';
export type { WatchJacobian, WatchLayer, WatchStep } from './steps.js';
export { type Watcher, type WatchNonFinite, type WatchOptions, watch } from './watch.js';
