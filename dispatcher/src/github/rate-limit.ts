/**
 * GitHub's rate-limit answers, read as its REST documentation describes them (docs.github.com,
 * "Rate limits for the REST API", "Exceeding the rate limit"): a 429, or a 403 with
 * `x-ratelimit-remaining: 0` or a secondary-rate-limit message. Wait `retry-after` seconds when
 * given; else, with no requests remaining, until `x-ratelimit-reset` (one second more, as
 * @octokit/plugin-throttling did); else at least a minute.
 */
export interface RequestErrorLike {
  readonly status?: number;
  readonly message?: string;
  readonly response?: {
    readonly headers?: Record<string, string | undefined>;
    readonly data?: unknown;
  };
}

/** GitHub's own message when it sent one, else the error's. */
export function githubMessage(error: RequestErrorLike): string {
  const data = error.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === 'string' ? data.message : (error.message ?? 'unknown error');
}

const SECONDARY = /\bsecondary rate\b/i;

/** Seconds to wait before sending again when `error` is a rate limit; undefined when it is not. */
export function rateLimitWait(error: unknown, nowMs: number): number | undefined {
  const e = (error ?? {}) as RequestErrorLike;
  if (e.status !== 403 && e.status !== 429) return undefined;
  const headers = e.response?.headers ?? {};
  const exhausted = headers['x-ratelimit-remaining'] === '0';
  if (e.status === 403 && !exhausted && !SECONDARY.test(githubMessage(e))) return undefined;
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter;
  const reset = Number(headers['x-ratelimit-reset']);
  if (exhausted && Number.isFinite(reset) && reset > 0)
    return Math.max(0, Math.ceil(reset - nowMs / 1000) + 1);
  return 60;
}
