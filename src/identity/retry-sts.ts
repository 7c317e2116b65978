/**
 * Retry policy for STS calls (through lib/retry.ts): jittered exponential backoff, bounded in attempts and total time,
 * and only for faults that another attempt can cure (throttling, the IdP being unreachable, 5xx,
 * network errors). Denials and validation errors fail at once.
 */
import { retry, type RetryPolicy } from '../lib/retry.js';

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

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 5,
  baseDelayMs: 400,
  maxDelayMs: 5000,
  maxRetryTimeMs: 30000,
};

export function withStsRetry<T>(
  call: () => Promise<T>,
  onRetry: (message: string) => void,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  return retry(call, {
    policy,
    shouldRetry: isRetryableStsError,
    onRetry: ({ error, attemptNumber, retriesLeft }) =>
      onRetry(
        `STS attempt ${attemptNumber} failed (${error.name}: ${error.message}); retrying (${retriesLeft} left).`,
      ),
  });
}
