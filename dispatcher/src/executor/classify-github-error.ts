/** Turns an Octokit failure into what the dispatcher must do about it (see ExecutorError). */
import { NotSentError } from '../github/create-octokit.js';
import { ExecutorError } from './executor.js';

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

export function githubMessage(error: RequestErrorLike): string {
  const data = error.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === 'string' ? data.message : (error.message ?? 'unknown error');
}

export function classifyGitHubError(error: unknown, what: string, nowMs: number): ExecutorError {
  const e = (error ?? {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const headers = e.response?.headers ?? {};
  const message = githubMessage(e);
  const retryAfterHeader = Number(headers['retry-after']);
  const resetIn = Number(headers['x-ratelimit-reset']) * 1000 - nowMs;
  const retryAfter =
    Number.isFinite(retryAfterHeader) && retryAfterHeader > 0
      ? retryAfterHeader
      : Number.isFinite(resetIn) && resetIn > 0 && headers['x-ratelimit-remaining'] === '0'
        ? Math.ceil(resetIn / 1000)
        : 60;
  // Octokit reports a request that got no answer (refused, reset, timed out) as status 500
  // without a response: that is not GitHub answering 500.
  if ((error as { cause?: unknown } | null)?.cause instanceof NotSentError)
    return new ExecutorError('not-sent', `${what}: ${message}`, 1);
  if (status === undefined || e.response === undefined)
    return new ExecutorError('ambiguous', `${what}: no answer from GitHub (${message})`);
  const rateLimited =
    status === 429 ||
    (status === 403 && (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message)));
  if (rateLimited)
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
