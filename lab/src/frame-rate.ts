// Counts events over a sliding one-second window: animation frames, and frames that redrew a view.

export interface RateCounter {
  tick(now: number): void;
  rate(now: number): number;
}

export function createRateCounter(): RateCounter {
  const times: number[] = [];
  return {
    tick(now) {
      times.push(now);
      while (times.length > 0 && now - times[0]! > 1000) times.shift();
    },
    rate(now) {
      while (times.length > 0 && now - times[0]! > 1000) times.shift();
      return times.length;
    },
  };
}
