/**
 * Bounded retries (lib/retry.ts) for a commit that lost a race: the branch moved between reading
 * its head and updating it. Each attempt starts again from the new head.
 */
import { GrapeError } from '../errors.js';
import { retry, type RetryPolicy } from '../lib/retry.js';

/** Thrown by an attempt that lost a race (or hit a transient fault); anything else stops at once. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** 12 attempts; waits drawn below 100 ms, 200 ms, … up to 4 s. */
export const DEFAULT_COMMIT_RETRY: RetryPolicy = {
  retries: 11,
  baseDelayMs: 100,
  maxDelayMs: 4000,
};

export interface RetryDeps {
  readonly log?: (message: string) => void;
}

export async function retryOnConflict<T>(
  what: string,
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps,
): Promise<{ readonly result: T; readonly attempts: number }> {
  let attempts = 0;
  try {
    const result = await retry(
      (n) => {
        attempts = n;
        return attempt(n);
      },
      {
        policy,
        shouldRetry: (error) => error instanceof ConflictError,
        onRetry: ({ error, attemptNumber, delayMs }) =>
          deps.log?.(
            `${error.message}; retrying in ${delayMs} ms (attempt ${attemptNumber + 1} of ${policy.retries + 1}).`,
          ),
      },
    );
    return { result, attempts };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    throw new GrapeError(
      `Could not ${what} after ${attempts} attempts: ${error.message}. Other writers kept moving the branch; re-run the job, or give this environment its own facts-branch.`,
    );
  }
}
