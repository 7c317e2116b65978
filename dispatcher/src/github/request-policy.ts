/**
 * What every GitHub request of the dispatcher goes through: one Octokit hook in place of Octokit's
 * retry and throttling plugins. Both run each request through Bottleneck limiters, and Bottleneck
 * yields to a timer (`setTimeout(…, 0)`) in every step of its local datastore: ~3.5 ms per limiter,
 * ~10 ms per request with nothing else running, 12 ms p50 and 38 ms p99 of a dispatch at 200
 * dispatches a second (docs/benchmarks.md, "Octokit's limiters"). The rules they applied, kept:
 *
 * - **Rate limits** (rate-limit.ts, as GitHub documents them): the budget is told the wait; the
 *   request is sent once more after it if it is short enough (`maxInlineWaitSeconds`), else the
 *   error goes to the caller.
 * - **No answer, or a 5xx:** sent again up to `request.retries` times (default 3), waiting 1, 4,
 *   9, … × `retryAfterBaseValue` ms (as @octokit/plugin-retry did). A dispatch passes `retries: 0`:
 *   after a 5xx the run may exist.
 * - **Concurrency:** at most 10 requests in flight (plugin-throttling's default; GitHub allows 100).
 * - **Writes** (not the installation-token request): one at a time, a second apart (GitHub's
 *   "Best practices for using the REST API": pause at least one second between mutative requests),
 *   unless `spaceWrites` is false (tests).
 */
import pLimit from 'p-limit';
import type { RateBudget } from './rate-budget.js';
import { rateLimitWait, type RequestErrorLike } from './rate-limit.js';

export interface RequestPolicyOptions {
  readonly budget: RateBudget;
  /** Milliseconds per second of a wait (tests shrink it; production: 1000). */
  readonly retryAfterBaseValue: number;
  readonly maxInlineWaitSeconds: number;
  readonly spaceWrites: boolean;
  readonly clock: () => Date;
}

/** The part of Octokit's request options the policy reads. */
export interface PolicyRequestOptions {
  readonly method: string;
  readonly url: string;
  readonly request?: { readonly retries?: number; readonly signal?: AbortSignal };
}

type Send<T> = (options: PolicyRequestOptions) => Promise<T>;

const DEFAULT_RETRIES = 3;
const CONCURRENCY = 10;
const WRITE_SPACING_MS = 1000;
/** No answer at all (Octokit reports it as status 500 without a response), or a 5xx. */
const transient = (error: unknown): boolean => {
  const e = (error ?? {}) as RequestErrorLike;
  return e.response === undefined || (typeof e.status === 'number' && e.status >= 500);
};

const isWrite = (o: PolicyRequestOptions): boolean =>
  o.method !== 'GET' &&
  o.method !== 'HEAD' &&
  // The installation-token request is how every other request gets sent at all.
  !(o.method === 'POST' && /\/app\/installations\/[^/]+\/access_tokens$/.test(o.url));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The hook: `octokit.hook.wrap('request', requestPolicy(options))`. */
export function requestPolicy(options: RequestPolicyOptions) {
  const inFlight = pLimit(CONCURRENCY);
  const writes = pLimit(1);
  let lastWriteEnd = 0;
  const spaced = <T>(send: () => Promise<T>): Promise<T> =>
    writes(async () => {
      const wait = lastWriteEnd + WRITE_SPACING_MS - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        return await send();
      } finally {
        lastWriteEnd = Date.now();
      }
    });

  return async <T>(request: Send<T>, o: PolicyRequestOptions): Promise<T> => {
    const once = () => inFlight(() => request(o));
    const send = options.spaceWrites && isWrite(o) ? () => spaced(once) : once;
    const retries = o.request?.retries ?? DEFAULT_RETRIES;
    let failures = 0;
    let rateLimited = false;
    for (;;) {
      try {
        return await send();
      } catch (error) {
        const wait = rateLimitWait(error, options.clock().getTime());
        if (wait !== undefined) {
          options.budget.exhaust(wait);
          if (rateLimited || wait > options.maxInlineWaitSeconds) throw error;
          rateLimited = true;
          await sleep(wait * options.retryAfterBaseValue);
        } else if (transient(error) && failures < retries && !o.request?.signal?.aborted) {
          failures++;
          await sleep(failures * failures * options.retryAfterBaseValue);
        } else throw error;
      }
    }
  };
}
