/**
 * Bounded retries with full-jitter exponential backoff for a commit that lost a race: the branch
 * moved between reading its head and updating it. Each attempt starts again from the new head.
 */
import { GrapeError } from '../errors.js';

/** Thrown by an attempt that lost a race (or hit a transient fault); anything else stops at once. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_COMMIT_RETRY: RetryPolicy = {
  maxAttempts: 12,
  baseDelayMs: 100,
  maxDelayMs: 4000,
};

export interface RetryDeps {
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1). */
  readonly random: () => number;
  readonly log?: (message: string) => void;
}

export const realRetryDeps: RetryDeps = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export async function retryOnConflict<T>(
  what: string,
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps,
): Promise<{ readonly result: T; readonly attempts: number }> {
  for (let n = 1; ; n++) {
    try {
      return { result: await attempt(n), attempts: n };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      if (n >= policy.maxAttempts)
        throw new GrapeError(
          `Could not ${what} after ${n} attempts: ${error.message}. Other writers kept moving the branch; re-run the job, or give this environment its own facts-branch.`,
        );
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
      const delay = Math.round(deps.random() * ceiling);
      deps.log?.(
        `${error.message}; retrying in ${delay} ms (attempt ${n + 1} of ${policy.maxAttempts}).`,
      );
      await deps.sleep(delay);
    }
  }
}
