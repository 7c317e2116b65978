/**
 * Stand-in for Google's workload identity federation on loopback: the STS token exchange
 * (`POST /v1/token`, RFC 8693 form fields, OAuth error bodies) and IAM Credentials
 * generateAccessToken (`POST /v1/projects/-/serviceAccounts/EMAIL:generateAccessToken`, Google API
 * error bodies), as https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token and
 * https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken
 * document them. It enforces what Google enforces: the GitHub token's signature (the issuer's
 * JWKS), issuer, audience (the provider's allowed audiences, or its canonical audience), the
 * provider's attribute condition, and for impersonation the workloadIdentityUser binding on
 * `principalSet://…/attribute.repository/REPO`. Reached through the endpoint overrides the action
 * and Google's libraries honour (CLOUDSDK_API_ENDPOINT_OVERRIDES_*, the credentials file's URLs).
 */
import { randomBytes } from 'node:crypto';
import { evaluate } from '@marcbachmann/cel-js';
import type { JWTPayload } from 'jose';
import { listenOnLoopback, readBody, type LoopbackServer } from './http-server.js';
import { TokenRejected, audiencesOf, githubTokenVerifier } from './verify-github-token.js';

export interface WorkloadIdentityProvider {
  /** projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER */
  readonly name: string;
  readonly issuer: string;
  /** Empty: the canonical audience `https://iam.googleapis.com/<name>` only. */
  readonly allowedAudiences?: readonly string[];
  /**
   * The attribute mapping, as in the provider resource: target (`google.subject`,
   * `attribute.NAME`) → CEL expression over `assertion`. Default: subject and repository.
   */
  readonly attributeMapping?: Readonly<Record<string, string>>;
  /** The attribute condition, a CEL expression over `assertion`, `google` and `attribute`. */
  readonly attributeCondition?: string;
  readonly disabled?: boolean;
}

export interface ServiceAccount {
  readonly email: string;
  /** Members holding roles/iam.workloadIdentityUser (principalSet://… or principal://…). */
  readonly workloadIdentityUsers: readonly string[];
}

export interface GoogleCall {
  readonly api: 'sts' | 'iamcredentials';
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: number;
}

export interface GoogleStandIn extends LoopbackServer {
  defineProvider(provider: WorkloadIdentityProvider): void;
  defineServiceAccount(account: ServiceAccount): void;
  /** Makes the next answers fail with this status (e.g. 503), then recovers. */
  failNext(count: number, status: number): void;
  readonly calls: GoogleCall[];
  /** Every token it issued, for leak checks. */
  readonly issued: string[];
  /** Access tokens it issued, with who they act as. */
  principalOf(accessToken: string): string | undefined;
}

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const SUBJECT_TYPES = [
  'urn:ietf:params:oauth:token-type:jwt',
  'urn:ietf:params:oauth:token-type:id_token',
];

export async function startGoogleSts(): Promise<GoogleStandIn> {
  const providers = new Map<string, WorkloadIdentityProvider>();
  const accounts = new Map<string, ServiceAccount>();
  const federated = new Map<string, { provider: string; mapped: Mapped }>();
  const principals = new Map<string, string>();
  const calls: GoogleCall[] = [];
  const issued: string[] = [];
  const verify = githubTokenVerifier();
  let failures = 0;
  let failureStatus = 503;

  const server = await listenOnLoopback((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = (await readBody(request)).toString('utf8');
      const json = (status: number, value: unknown, params: Record<string, unknown>): void => {
        calls.push({
          api: url.pathname === '/v1/token' ? 'sts' : 'iamcredentials',
          params,
          status,
        });
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify(value));
      };
      if (failures > 0) {
        failures -= 1;
        return json(
          failureStatus,
          {
            error: {
              code: failureStatus,
              message: 'The service is currently unavailable.',
              status: 'UNAVAILABLE',
            },
          },
          {},
        );
      }
      if (request.method === 'POST' && url.pathname === '/v1/token') {
        const form = Object.fromEntries(new URLSearchParams(body));
        const oauth = (status: number, error: string, description: string): void =>
          json(status, { error, error_description: description }, form);
        if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
          return oauth(
            400,
            'invalid_request',
            'Content-Type must be application/x-www-form-urlencoded.',
          );
        if (form['grant_type'] !== GRANT)
          return oauth(
            400,
            'unsupported_grant_type',
            `Unsupported grant type: ${form['grant_type'] ?? ''}`,
          );
        if (!SUBJECT_TYPES.includes(form['subject_token_type'] ?? ''))
          return oauth(400, 'invalid_request', 'Invalid subject_token_type.');
        if (form['requested_token_type'] !== 'urn:ietf:params:oauth:token-type:access_token')
          return oauth(400, 'invalid_request', 'Invalid requested_token_type.');
        const name = (form['audience'] ?? '').replace(/^\/\/iam\.googleapis\.com\//, '');
        const provider = providers.get(name);
        if (
          !provider ||
          provider.disabled ||
          !form['audience']?.startsWith('//iam.googleapis.com/')
        )
          return oauth(
            400,
            'invalid_target',
            'The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist.',
          );
        let claims: JWTPayload;
        try {
          claims = await verify(form['subject_token'] ?? '', provider.issuer);
        } catch (error) {
          if (error instanceof TokenRejected) return oauth(400, 'invalid_grant', error.message);
          throw error;
        }
        const allowed = provider.allowedAudiences?.length
          ? provider.allowedAudiences
          : [`https://iam.googleapis.com/${provider.name}`];
        const audiences = audiencesOf(claims);
        if (!audiences.some((aud) => allowed.includes(aud)))
          return oauth(
            400,
            'invalid_grant',
            `The audience in ID Token [${audiences.join(',')}] does not match the expected audience.`,
          );
        const mapped = mapAttributes(provider, claims);
        const context = { assertion: claims, ...mapped };
        if (
          provider.attributeCondition !== undefined &&
          evaluate(provider.attributeCondition, context) !== true
        )
          return oauth(
            400,
            'unauthorized_client',
            'The given credential is rejected by the attribute condition.',
          );
        const token = `ya29.d.${randomBytes(48).toString('base64url')}`;
        issued.push(token);
        federated.set(token, { provider: name, mapped });
        principals.set(
          token,
          `principal://iam.googleapis.com/${poolOf(name)}/subject/${mapped.google.subject}`,
        );
        return json(
          200,
          {
            access_token: token,
            issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
            token_type: 'Bearer',
            expires_in: 3599,
          },
          form,
        );
      }
      const impersonate = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(
        url.pathname,
      );
      if (request.method === 'POST' && impersonate) {
        const email = decodeURIComponent(impersonate[1]!);
        let params: Record<string, unknown> = {};
        try {
          params = JSON.parse(body) as Record<string, unknown>;
        } catch {
          return json(
            400,
            {
              error: {
                code: 400,
                message: 'Invalid JSON payload received.',
                status: 'INVALID_ARGUMENT',
              },
            },
            {},
          );
        }
        const apiError = (status: number, code: string, message: string): void =>
          json(status, { error: { code: status, message, status: code } }, { email, ...params });
        const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
        const caller = bearer === undefined ? undefined : federated.get(bearer);
        if (!caller)
          return apiError(
            401,
            'UNAUTHENTICATED',
            'Request had invalid authentication credentials. Expected OAuth 2 access token.',
          );
        const account = accounts.get(email);
        if (!account)
          return apiError(404, 'NOT_FOUND', `Not found; Gaia id not found for email ${email}`);
        const pool = poolOf(caller.provider);
        // The members this principal matches (https://cloud.google.com/iam/docs/principal-identifiers).
        const members = [
          `principal://iam.googleapis.com/${pool}/subject/${caller.mapped.google.subject}`,
          ...Object.entries(caller.mapped.attribute).map(
            ([attribute, value]) =>
              `principalSet://iam.googleapis.com/${pool}/attribute.${attribute}/${value}`,
          ),
          `principalSet://iam.googleapis.com/${pool}/*`,
        ];
        if (!members.some((m) => account.workloadIdentityUsers.includes(m)))
          return apiError(
            403,
            'PERMISSION_DENIED',
            "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
          );
        const scope = params['scope'];
        if (!Array.isArray(scope) || scope.length === 0)
          return apiError(400, 'INVALID_ARGUMENT', 'Scope required.');
        const token = `ya29.c.${randomBytes(48).toString('base64url')}`;
        issued.push(token);
        principals.set(token, email);
        const lifetime = Number(
          /^(\d+)s$/.exec(String(params['lifetime'] ?? '3600s'))?.[1] ?? 3600,
        );
        return json(
          200,
          {
            accessToken: token,
            expireTime: new Date(Date.now() + lifetime * 1000)
              .toISOString()
              .replace(/\.\d+Z$/, 'Z'),
          },
          { email, ...params },
        );
      }
      json(404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } }, {});
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });

  return {
    ...server,
    defineProvider: (p) => void providers.set(p.name, p),
    defineServiceAccount: (a) => void accounts.set(a.email, a),
    failNext: (count, status) => {
      failures = count;
      failureStatus = status;
    },
    calls,
    issued,
    principalOf: (token) => principals.get(token),
  };
}

interface Mapped {
  readonly google: { readonly subject: string };
  readonly attribute: Readonly<Record<string, string>>;
}

const DEFAULT_MAPPING = {
  'google.subject': 'assertion.sub',
  'attribute.repository': 'assertion.repository',
};

/** Applies the provider's attribute mapping (CEL expressions over `assertion`) to the claims. */
function mapAttributes(provider: WorkloadIdentityProvider, claims: JWTPayload): Mapped {
  const attribute: Record<string, string> = {};
  let subject = '';
  for (const [target, expression] of Object.entries(provider.attributeMapping ?? DEFAULT_MAPPING)) {
    const value = String(evaluate(expression, { assertion: claims }));
    if (target === 'google.subject') subject = value;
    else if (target.startsWith('attribute.')) attribute[target.slice('attribute.'.length)] = value;
  }
  return { google: { subject }, attribute };
}

/** projects/N/locations/global/workloadIdentityPools/POOL (the provider name without /providers/…). */
const poolOf = (provider: string): string => provider.replace(/\/providers\/[^/]+$/, '');
