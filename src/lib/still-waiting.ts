/**
 * Honest progress for a silent step (issue 17): while nothing is printed for `intervalMs`, says
 * once per interval `still <what it waits for> (<seconds of silence>s)`, so a log read live never
 * sits mute for minutes (terraform waiting on a state lock held elsewhere, a provider download, a
 * credentials exchange). Any real output resets the silence; `what` may change with it (the last
 * line tells what is being waited for). The clock is a seam, so a test asserts exact text.
 */

export interface StillWaiting {
  /** Output was printed: the silence starts again; `what` is what is waited for from now on. */
  touch(what?: string): void;
  /** Stops saying anything (the step ended). */
  stop(): void;
}

export interface StillWaitingOptions {
  /** How long a silence lasts before it is reported, and between two reports (default 15 s). */
  readonly intervalMs?: number;
  /** Milliseconds from any fixed origin (default Date.now). */
  readonly now?: () => number;
  /** Words after the seconds, e.g. "; terraform gives up after -lock-timeout=300s". */
  readonly detail?: (what: string) => string;
}

/** Longer than terraform's own 10 s "Still creating..." cadence, so the two never interleave. */
export const STILL_WAITING_MS = 15_000;

/** `say` receives lines such as `still waiting for the state lock (30s)`. */
export function startStillWaiting(
  say: (line: string) => void,
  initial: string,
  options: StillWaitingOptions = {},
): StillWaiting {
  const intervalMs = options.intervalMs ?? STILL_WAITING_MS;
  const now = options.now ?? Date.now;
  let what = initial;
  let since = now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = (): void => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => {
      const seconds = Math.round((now() - since) / 1000);
      say(`still ${what} (${seconds}s${options.detail?.(what) ?? ''})`);
      arm();
    }, intervalMs);
    timer.unref();
  };
  arm();
  return {
    touch(next) {
      since = now();
      if (next !== undefined) what = next;
      arm();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Runs `work`, saying `still <what> (Ns)` while it has not finished. */
export async function sayingStill<T>(
  say: (line: string) => void,
  what: string,
  work: () => Promise<T>,
  options: StillWaitingOptions = {},
): Promise<T> {
  const still = startStillWaiting(say, what, options);
  try {
    return await work();
  } finally {
    still.stop();
  }
}
