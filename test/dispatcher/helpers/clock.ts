/**
 * A clock tests move by hand: no test waits on the wall clock. It starts at the real time (tokens
 * signed by the loopback issuer carry real iat/nbf) and only moves when told.
 */
export interface ManualClock {
  (): Date;
  advance(ms: number): void;
  set(at: Date): void;
}

export function manualClock(start = new Date()): ManualClock {
  let now = start.getTime();
  const clock = (() => new Date(now)) as ManualClock;
  clock.advance = (ms) => void (now += ms);
  clock.set = (at) => void (now = at.getTime());
  return clock;
}
