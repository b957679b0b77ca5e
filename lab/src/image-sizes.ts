// An image data set in the lab trains on a seeded subset: the lab evaluates every training and validation
// row at each logged step, so all 60,000 Fashion-MNIST images would make a step of seconds. Picking one
// from "Dataset" fills in sizes the lab runs at; the sizes stay in the form and the URL, as any setting.

import { isLabDataSet } from './image-data.js';
import { type LabState, parseState } from './state.js';

/** the sizes filled in when an image set is picked with "all" rows */
export const IMAGE_SIZES = { trainSize: 2000, valSize: 1000 } as const;

/** `next` with IMAGE_SIZES where it switches to an image set and leaves a size at "all". */
export function withImageSizes(next: LabState, base: LabState): LabState {
  if (!isLabDataSet(next.data) || next.data === base.data) return next;
  const fill: Record<string, string> = {};
  if (next.trainSize === null) fill.trainSize = String(IMAGE_SIZES.trainSize);
  if (next.valSize === null) fill.valSize = String(IMAGE_SIZES.valSize);
  return Object.keys(fill).length > 0 ? parseState(fill, next) : next;
}
