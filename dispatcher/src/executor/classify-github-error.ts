/** Turns an Octokit failure into what the dispatcher must do about it (see ExecutorError). */
import { NotSentError } from '../github/create-octokit.js';
import { ExecutorError } from './executor.js';
import { githubMessage, rateLimitWait, type RequestErrorLike } from '../github/rate-limit.js';

export function classifyGitHubError(error: unknown, what: string, nowMs: number): ExecutorError {
  const e = (error ?? {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const message = githubMessage(e);
  // Octokit reports a request that got no answer (refused, reset, timed out) as status 500
  // without a response: that is not GitHub answering 500.
  if ((error as { cause?: unknown } | null)?.cause instanceof NotSentError)
    return new ExecutorError('not-sent', `${what}: ${message}`, 1);
  if (status === undefined || e.response === undefined)
    return new ExecutorError('ambiguous', `${what}: no answer from GitHub (${message})`);
  const retryAfter = rateLimitWait(error, nowMs);
  if (retryAfter !== undefined)
    return new ExecutorError(
      'not-accepted',
      `${what}: GitHub rate limit (HTTP ${status}): ${message}`,
      retryAfter,
    );
  if (status === 401)
    return new ExecutorError(
      'not-accepted',
      `${what}: GitHub refused the App's credentials (HTTP 401): ${message}`,
      30,
    );
  if (status >= 500)
    return new ExecutorError(
      'ambiguous',
      `${what}: GitHub answered HTTP ${status}: ${message}`,
      30,
    );
  return new ExecutorError('rejected', `${what}: GitHub refused it (HTTP ${status}): ${message}`);
}
