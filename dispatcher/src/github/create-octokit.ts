/**
 * The one place Octokit is constructed: baseUrl from GITHUB_API_URL (GHES: https://host/api/v3),
 * retries, rate limits, concurrency and write spacing by request-policy.ts (in place of the retry
 * and throttling plugins bundled by `octokit`), and installation-token auth added to every request
 * that does not carry its own. Rate limits feed the shared budget, so callers can be told 429 +
 * Retry-After instead of queueing work that cannot be dispatched. Every request is aborted after
 * `requestTimeoutMs` (fetch would otherwise wait up to 300 s, freezing its caller).
 */
import { Octokit } from 'octokit';
import { readAppKey } from './app-jwt.js';
import { InstallationTokens, type AppRequest } from './installation-token.js';
import type { GitHubSettings } from '../config.js';
import type { RateBudget } from './rate-budget.js';
import { requestPolicy } from './request-policy.js';

export interface OctokitOptions {
  readonly clock: () => Date;
  readonly budget: RateBudget;
  /** Milliseconds per second of Retry-After (tests shrink it; production: 1000). */
  readonly retryAfterBaseValue?: number;
  /**
   * Space write requests (GitHub's advice against secondary limits: no concurrent writes, ~1 s
   * apart). Tests turn it off to run hundreds of dispatches quickly.
   */
  readonly spaceWrites?: boolean;
  /** Longest Retry-After waited for inline; longer waits go back to the queue. */
  readonly maxInlineWaitSeconds?: number;
  readonly fetch?: typeof fetch;
  /** Longest one HTTP request may take (default 10 s). */
  readonly requestTimeoutMs?: number;
}

/** A request never sent: its caller's deadline had passed while it waited (limiter, retry wait). */
export class NotSentError extends Error {
  override readonly name = 'NotSentError';
}

/**
 * `fetch` with a per-request deadline, joined to the caller's own signal (a dispatch passes one
 * deadline for the whole call, retries and rate-limit waits included).
 */
export function fetchWithTimeout(base: typeof fetch, timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const late = init?.signal?.aborted === true;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      return await base(input, { ...init, signal });
    } catch (error) {
      if (!signal.aborted) throw error;
      const what = `${init?.method ?? 'GET'} ${new URL(input instanceof Request ? input.url : String(input)).pathname}`;
      if (late)
        throw new NotSentError(`${what} not sent: the dispatch attempt's deadline had passed`, {
          cause: error,
        });
      throw new Error(
        `no answer to ${what} within the deadline (GRAPE_GITHUB_REQUEST_TIMEOUT_MS=${timeoutMs})`,
        { cause: error },
      );
    }
  };
}

export function createOctokit(
  settings: GitHubSettings,
  options: OctokitOptions,
): { octokit: Octokit; tokens: InstallationTokens } {
  const octokit = new Octokit({
    baseUrl: settings.apiUrl,
    userAgent: 'grape-dispatcher',
    request: {
      fetch: fetchWithTimeout(
        options.fetch ?? globalThis.fetch,
        options.requestTimeoutMs ?? 10_000,
      ),
    },
    // Their rules, without their limiters' timers: request-policy.ts.
    retry: { enabled: false },
    throttle: { enabled: false },
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  });
  const tokens = new InstallationTokens(
    {
      appId: settings.appId,
      key: readAppKey(settings.privateKey),
      installationId: settings.installationId,
      owner: settings.owner,
      repo: settings.repo,
      clock: options.clock,
    },
    octokit.request as unknown as AppRequest,
  );
  // Registered before the token hook, which therefore runs first (outside it): a request waiting
  // for a token holds no slot the token request needs.
  octokit.hook.wrap(
    'request',
    requestPolicy({
      budget: options.budget,
      retryAfterBaseValue: options.retryAfterBaseValue ?? 1000,
      maxInlineWaitSeconds: options.maxInlineWaitSeconds ?? 10,
      spaceWrites: options.spaceWrites ?? true,
      clock: options.clock,
    }) as never,
  );
  octokit.hook.before('request', async (request) => {
    if (request.headers.authorization === undefined)
      request.headers.authorization = `token ${await tokens.get()}`;
  });
  octokit.hook.after('request', (response) => {
    const remaining = response.headers['x-ratelimit-remaining'];
    const reset = response.headers['x-ratelimit-reset'];
    if (remaining === '0' && reset !== undefined)
      options.budget.exhaustUntil(new Date(Number(reset) * 1000));
  });
  return { octokit, tokens };
}
