/**
 * Work that will call GitHub is refused up front (429 with Retry-After) while the runner
 * installation's rate budget is exhausted, instead of queueing work that cannot be dispatched.
 */
import type { AppContext } from '../app-context.js';
import { HttpError } from '../http/http-error.js';

export function requireBudget(ctx: Pick<AppContext, 'budget'>): void {
  const retryAfter = ctx.budget.retryAfterSeconds();
  if (retryAfter > 0)
    throw new HttpError(
      429,
      'rate_limited',
      `GitHub's rate limit for the runner installation is exhausted; retry after ${retryAfter} seconds.`,
      [],
      { 'retry-after': String(retryAfter) },
    );
}
