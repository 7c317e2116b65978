/**
 * Google Workload Identity Federation, performed once by the action before terraform runs so a
 * misconfigured trust fails early: the GitHub OIDC token → Google STS token exchange (RFC 8693,
 * form-encoded as https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token
 * documents it) → with a service account, IAM Credentials generateAccessToken
 * (https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken).
 * The same two calls google-github-actions/auth makes (src/client/workload_identity_federation.ts,
 * src/client/iamcredentials.ts) and Google's auth libraries repeat from the credentials file.
 */
import { explainGoogleError } from './explain-google-error.js';
import { postJson, type HttpPost } from './federation-http.js';
import type { GcpConfig } from '../config/gcp-config.js';
import { impersonationUrl, type GoogleEndpoints } from './google-endpoints.js';

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export interface GoogleExchangeDeps {
  readonly http: HttpPost;
  readonly endpoints: GoogleEndpoints;
  /** Wraps each call in the retry policy. */
  readonly retry: <T>(call: () => Promise<T>) => Promise<T>;
  readonly mask: (value: string) => void;
}

export interface GoogleAccess {
  readonly accessToken: string;
  readonly expiresAt: Date | undefined;
  /** Who the token acts as: the service account, or the federated principal. */
  readonly principal: string;
}

/** `//iam.googleapis.com/projects/…/providers/…`: the STS `audience` parameter. */
export const stsAudience = (config: GcpConfig): string =>
  `//iam.googleapis.com/${config.provider.name}`;

export async function exchangeGoogleToken(
  config: GcpConfig,
  githubToken: string,
  claims: string,
  deps: GoogleExchangeDeps,
): Promise<GoogleAccess> {
  const form = new URLSearchParams({
    grant_type: TOKEN_EXCHANGE_GRANT,
    audience: stsAudience(config),
    scope: CLOUD_PLATFORM_SCOPE,
    requested_token_type: ACCESS_TOKEN_TYPE,
    subject_token: githubToken,
    subject_token_type: JWT_TOKEN_TYPE,
  });
  let federated: string;
  let expiresIn: unknown;
  try {
    const answer = await deps.retry(() =>
      postJson(deps.http, deps.endpoints.tokenUrl, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      }),
    );
    federated = String(answer.body['access_token'] ?? '');
    expiresIn = answer.body['expires_in'];
  } catch (error) {
    throw explainGoogleError(error, { kind: 'sts', config, claims });
  }
  if (federated === '')
    throw explainGoogleError(new Error('no access_token in the answer'), {
      kind: 'sts',
      config,
      claims,
    });
  deps.mask(federated);
  const principal = `the federated identity of pool ${config.provider.pool}`;
  if (config.serviceAccount === undefined) {
    return {
      accessToken: federated,
      expiresAt:
        typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : undefined,
      principal,
    };
  }
  const serviceAccount = config.serviceAccount;
  try {
    const answer = await deps.retry(() =>
      postJson(deps.http, impersonationUrl(deps.endpoints, serviceAccount), {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${federated}` },
        body: JSON.stringify({ scope: [CLOUD_PLATFORM_SCOPE], lifetime: '3600s' }),
      }),
    );
    const accessToken = String(answer.body['accessToken'] ?? '');
    if (accessToken === '') throw new Error('no accessToken in the answer');
    deps.mask(accessToken);
    const expireTime = Date.parse(String(answer.body['expireTime'] ?? ''));
    return {
      accessToken,
      expiresAt: Number.isNaN(expireTime) ? undefined : new Date(expireTime),
      principal: serviceAccount,
    };
  } catch (error) {
    throw explainGoogleError(error, { kind: 'impersonation', config, claims });
  }
}
