/**
 * The one HTTP call shape the Google and Entra exchanges share: a POST whose answer is JSON, with
 * failures shaped like the AWS SDK's (`$metadata.httpStatusCode`, a network `code`) so the one
 * retry policy (retry-sts.ts) treats them alike: 5xx, 429 and network faults are retried, a
 * refusal is not. Sent with @actions/http-client, which the OIDC token request already loads and
 * which honours the runner's proxy variables (its lib/proxy.ts) — Node's own fetch would cost its
 * first-use load (~0.1 s) on every run (docs/benchmarks.md, identity per cloud).
 */
import { HttpClient } from '@actions/http-client';
import { errorMessage } from '../errors.js';

/** Sends one POST; answers the status and body text (the seam tests and other runtimes replace). */
export type HttpPost = (
  url: string,
  body: string,
  headers: Record<string, string>,
) => Promise<{ status: number; text: string }>;

/** The default transport: @actions/http-client, 30 s socket timeout, no retries of its own. */
export const actionsHttpPost: HttpPost = async (url, body, headers) => {
  const client = new HttpClient('grape-deploy', [], { socketTimeout: 30_000, allowRetries: false });
  try {
    const response = await client.post(url, body, headers);
    return { status: response.message.statusCode ?? 0, text: await response.readBody() };
  } finally {
    client.dispose();
  }
};

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
  post: HttpPost,
  url: string,
  init: { headers: Record<string, string>; body: string },
): Promise<JsonAnswer> {
  let response: { status: number; text: string };
  try {
    response = await post(url, init.body, { accept: 'application/json', ...init.headers });
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new FederationHttpError(
      `could not reach ${new URL(url).origin} (${code ?? errorMessage(error)})`,
      undefined,
      {},
      code ?? 'ECONNRESET',
    );
  }
  const text = response.text;
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    body = {};
  }
  if (response.status < 200 || response.status > 299)
    throw new FederationHttpError(`HTTP ${response.status}`, response.status, body);
  return { status: response.status, body };
}
