/**
 * The tests' one bounded wait: calls `check` until it gives a value (anything but `undefined` or
 * `false`), at most `tries` times, `everyMs` apart, and returns that value; past the last try it
 * throws, naming what it waited for. Never an unbounded loop, never a wall-clock assertion.
 */
export interface EventuallyOptions {
  readonly tries: number;
  readonly everyMs: number;
  /** What was awaited, for the error (a function: its text may depend on state at the end). */
  readonly what?: string | (() => string);
}

export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  { tries, everyMs, what }: EventuallyOptions,
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (i < tries - 1) await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  const named = typeof what === 'function' ? what() : what;
  throw new Error(named ? `timed out waiting for ${named}` : 'timed out');
}
