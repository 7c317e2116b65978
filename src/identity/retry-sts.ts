/**
 * Retry policy for STS calls: jittered exponential backoff, bounded in attempts and total time,
 * and only for faults that another attempt can cure (throttling, the IdP being unreachable, 5xx,
 * network errors). Denials and validation errors fail at once.
 */
import pRetry from 'p-retry';

const RETRYABLE_CODES = new Set([
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequests',
  'IDPCommunicationError',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'TimeoutError',
]);

interface SdkLikeError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: 'client' | 'server';
}

export function isRetryableStsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as SdkLikeError;
  if (e.name !== undefined && RETRYABLE_CODES.has(e.name.replace(/Exception$/, ''))) return true;
  if (e.code !== undefined && NETWORK_CODES.has(e.code)) return true;
  if (e.name !== undefined && NETWORK_CODES.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500 || status === 429;
  return false;
}

export interface RetryPolicy {
  readonly retries: number;
  readonly minTimeoutMs: number;
  readonly maxTimeoutMs: number;
  readonly maxRetryTimeMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 5,
  minTimeoutMs: 200,
  maxTimeoutMs: 5000,
  maxRetryTimeMs: 30000,
};

export function withStsRetry<T>(
  call: () => Promise<T>,
  onRetry: (message: string) => void,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  return pRetry(call, {
    retries: policy.retries,
    minTimeout: policy.minTimeoutMs,
    maxTimeout: policy.maxTimeoutMs,
    maxRetryTime: policy.maxRetryTimeMs,
    factor: 2,
    randomize: true,
    shouldRetry: ({ error }) => isRetryableStsError(error),
    onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
      if (isRetryableStsError(error) && retriesLeft > 0) {
        onRetry(
          `STS attempt ${attemptNumber} failed (${error.name}: ${error.message}); retrying (${retriesLeft} left).`,
        );
      }
    },
  });
}
