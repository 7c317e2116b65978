/**
 * Sends one chunk of the run's log to the dispatcher (POST <callback>/../log), authenticated by
 * the run's OIDC token as the report is, retried with backoff on a network fault, a 5xx, a 429 or
 * "run not known yet" (409 run_unknown). Chunks carry their sequence number: a resent chunk whose
 * first answer was lost is acknowledged as a duplicate, never stored twice. `signal` abandons the
 * chunk at once (the request in flight and any wait before a retry): the run's end does not wait
 * for its log.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { retry } from '../lib/retry.js';

/** An answer another attempt cannot change. */
class Refused extends Error {}

export type ChunkAnswer =
  | { readonly kind: 'stored' | 'duplicate' | 'dropped' }
  /** The dispatcher refuses log chunks (an older one, or a 4xx): stop streaming. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** `signal` was aborted before the chunk was acknowledged. */
  | { readonly kind: 'abandoned'; readonly reason: string };

export interface SendChunkDeps {
  readonly fetch: typeof fetch;
  /** The run's OIDC token; `fresh` asks for a new one (the last was refused as expired). */
  readonly token: (fresh: boolean) => Promise<string>;
  readonly retries?: number;
  readonly timeoutMs?: number;
  /** Backoff bounds (tests shorten them). */
  readonly baseDelayMs?: number;
  /** Abandons the chunk (the run's final flush ran out of time). */
  readonly signal?: AbortSignal;
}

export async function sendLogChunk(
  url: string,
  chunk: { readonly deploymentId: string; readonly seq: number; readonly text: string },
  deps: SendChunkDeps,
): Promise<ChunkAnswer> {
  let fresh = false;
  let lastFailure: string | undefined;
  const { signal } = deps;
  try {
    return await retry(
      async () => {
        const response = await deps.fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await deps.token(fresh)}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(chunk),
          signal: AbortSignal.any([
            AbortSignal.timeout(deps.timeoutMs ?? 10_000),
            ...(signal ? [signal] : []),
          ]),
        });
        const body = (await response.json().catch(() => ({}))) as {
          result?: 'stored' | 'duplicate' | 'dropped';
          error?: string;
          message?: string;
        };
        if (response.ok && body.result) return { kind: body.result };
        const retryable =
          response.status >= 500 ||
          response.status === 429 ||
          (response.status === 409 && body.error === 'run_unknown') ||
          (response.status === 401 && !fresh);
        fresh = response.status === 401;
        const reason = `HTTP ${response.status}${body.message ? `: ${body.message}` : ''}`;
        if (retryable) throw new Error(reason);
        throw new Refused(reason);
      },
      {
        policy: {
          retries: deps.retries ?? 5,
          baseDelayMs: deps.baseDelayMs ?? 1000,
          maxDelayMs: 8000,
        },
        shouldRetry: (error) => !(error instanceof Refused) && !signal?.aborted,
        sleep: (ms) => sleep(ms, undefined, signal ? { signal } : {}),
        onRetry: ({ error }) => {
          lastFailure = describe(error);
        },
      },
    );
  } catch (error) {
    if (signal?.aborted) return { kind: 'abandoned', reason: lastFailure ?? 'no answer' };
    return { kind: 'refused', reason: describe(error as Error) };
  }
}

/** A failure in a few words: a network fault names its code (ECONNREFUSED, ETIMEDOUT). */
const describe = (error: Error): string => {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${error.message}: ${code}` : error.message;
};
