/**
 * The action's one retry helper: bounded exponential backoff with full jitter, retrying only what
 * the caller calls transient. p-retry (the dispatcher's notifications use it too) counts attempts,
 * bounds the total time and tells retryable from final; the wait before each retry is drawn here,
 * uniformly between 0 and the exponential ceiling ("full jitter"): racers that collided once —
 * twenty deployments committing facts to one branch — spread out instead of colliding again, which
 * p-retry's own 1–2× randomization does not do.
 */
import pRetry from 'p-retry';

export interface RetryPolicy {
  /** Attempts after the first. */
  readonly retries: number;
  /** The ceiling of the first wait; each next ceiling doubles, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No attempt starts after this long since the first (unbounded when absent). */
  readonly maxRetryTimeMs?: number;
}

/** A failed attempt that will be tried again after `delayMs`. */
export interface RetryNotice {
  readonly error: Error;
  readonly attemptNumber: number;
  readonly retriesLeft: number;
  readonly delayMs: number;
}

export interface RetryOptions {
  readonly policy: RetryPolicy;
  /** Whether another attempt can cure this failure; anything else is thrown at once. */
  readonly shouldRetry: (error: Error) => boolean;
  readonly onRetry?: (notice: RetryNotice) => void;
  /** Seams for tests: the wait, and a number in [0, 1). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (given its number, from 1) until it succeeds, a failure is not retryable, or the
 * policy is spent; then throws the last failure unchanged.
 */
export function retry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { policy, shouldRetry, onRetry, sleep = realSleep, random = Math.random } = options;
  return pRetry(attempt, {
    retries: policy.retries,
    // p-retry waits nothing itself: onFailedAttempt below draws and sleeps the jittered wait.
    minTimeout: 0,
    ...(policy.maxRetryTimeMs === undefined ? {} : { maxRetryTime: policy.maxRetryTimeMs }),
    shouldRetry: ({ error }) => shouldRetry(error),
    onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
      if (retriesLeft <= 0 || !shouldRetry(error)) return;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attemptNumber - 1));
      const delayMs = Math.round(random() * ceiling);
      onRetry?.({ error, attemptNumber, retriesLeft, delayMs });
      await sleep(delayMs);
    },
  });
}
