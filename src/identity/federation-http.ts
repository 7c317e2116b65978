/**
 * The one HTTP call shape the Google and Entra exchanges share: a POST whose answer is JSON, with
 * failures shaped like the AWS SDK's (`$metadata.httpStatusCode`, a network `code`) so the one
 * retry policy (retry-sts.ts) treats them alike: 5xx, 429 and network faults are retried, a
 * refusal is not.
 */
import { errorMessage } from '../errors.js';

export class FederationHttpError extends Error {
  override readonly name: string;
  readonly $metadata: { readonly httpStatusCode?: number };
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly body: Record<string, unknown>,
    readonly code?: string,
  ) {
    super(message);
    this.name = status === undefined ? (code ?? 'NetworkError') : `HTTP${status}`;
    this.$metadata = status === undefined ? {} : { httpStatusCode: status };
  }
}

export interface JsonAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** POSTs and parses the JSON answer; throws FederationHttpError for a non-2xx or no answer. */
export async function postJson(
  fetchFn: typeof fetch,
  url: string,
  init: { headers: Record<string, string>; body: string },
): Promise<JsonAnswer> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { accept: 'application/json', ...init.headers },
      body: init.body,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new FederationHttpError(
      `could not reach ${new URL(url).origin} (${cause?.code ?? errorMessage(error)})`,
      undefined,
      {},
      cause?.code ?? 'ECONNRESET',
    );
  }
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    body = {};
  }
  if (!response.ok) throw new FederationHttpError(`HTTP ${response.status}`, response.status, body);
  return { status: response.status, body };
}
