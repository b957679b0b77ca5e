// The page's pace and classroom flags: the link's speed, step limit, hidden controls and lesson. They are
// page parameters, not settings: the run's configuration (url-state.ts) skips them.

import { CONTINUABLE } from './session.js';

/** Query parameters that belong to the page, not to the run's settings. */
export const PAGE_PARAMS: ReadonlySet<string> = new Set(['compare', 'speed', 'limit', 'hide', 'lesson']);

/** The settings a running session may change between two steps (lab/src/session.ts CONTINUABLE). */
export const CONTINUABLE_KEYS: ReadonlySet<string> = new Set<string>(CONTINUABLE);

export const SPEEDS = ['1', '10', '60', '600', 'max'] as const;
export type Speed = (typeof SPEEDS)[number];
/** About TensorFlow Playground's pace: one epoch per animation frame. */
export const DEFAULT_SPEED: Speed = '60';

export interface Pace {
  readonly speed: Speed;
  readonly limit: number;
}

/** ?speed=max&limit=500; an unknown speed or a bad limit falls back to the default. */
export function readPace(search: string, defaultLimit: number): Pace {
  const params = new URLSearchParams(search);
  const speed = params.get('speed');
  const limit = Number(params.get('limit'));
  return {
    speed: (SPEEDS as readonly string[]).includes(speed ?? '') ? (speed as Speed) : DEFAULT_SPEED,
    limit: Number.isInteger(limit) && limit >= 1 ? limit : defaultLimit,
  };
}
