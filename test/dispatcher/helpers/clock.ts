/** A clock tests move by hand: no test waits on the wall clock. */
export interface ManualClock {
  (): Date;
  advance(ms: number): void;
  set(at: Date): void;
}

export function manualClock(start = new Date('2026-03-01T12:00:00.000Z')): ManualClock {
  let now = start.getTime();
  const clock = (() => new Date(now)) as ManualClock;
  clock.advance = (ms) => void (now += ms);
  clock.set = (at) => void (now = at.getTime());
  return clock;
}
