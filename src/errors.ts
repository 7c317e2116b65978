/**
 * A failure the user can act on. Its message is shown as it is (no stack trace), so it must say
 * what failed, why, and what to do.
 */
export class GrapeError extends Error {
  override readonly name = 'GrapeError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The run was cancelled (the runner's SIGINT/SIGTERM): reported as `cancelled`, not `failed`. */
export class CancelledError extends GrapeError {
  override readonly name = 'GrapeError';
}

/** The message of any thrown value, without a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
