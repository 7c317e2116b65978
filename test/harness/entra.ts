/**
 * Stand-in for Microsoft Entra's token endpoint on loopback: `POST /{tenant}/oauth2/v2.0/token`
 * with the client-credentials grant and a federated `client_assertion`
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow), answering
 * Entra's error bodies with their AADSTS codes
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes). It enforces what
 * Entra enforces: the tenant and the application exist, the assertion's signature (the issuer's
 * JWKS), lifetime, and a federated identity credential whose issuer, subject and audience match
 * the token exactly. Reached through AZURE_AUTHORITY_HOST.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { listenOnLoopback, readBody, type LoopbackServer } from './http-server.js';
import { TokenRejected, audiencesOf, githubTokenVerifier } from './verify-github-token.js';

export interface FederatedCredential {
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: readonly string[];
}

export interface EntraApplication {
  readonly tenantId: string;
  readonly clientId: string;
  readonly federatedCredentials: readonly FederatedCredential[];
}

export interface EntraCall {
  readonly tenant: string;
  readonly params: Readonly<Record<string, string>>;
  readonly status: number;
}

export interface EntraStandIn extends LoopbackServer {
  defineApplication(app: EntraApplication): void;
  failNext(count: number, status: number): void;
  readonly calls: EntraCall[];
  readonly issued: string[];
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export async function startEntra(): Promise<EntraStandIn> {
  const apps = new Map<string, EntraApplication>();
  const tenants = new Set<string>();
  const calls: EntraCall[] = [];
  const issued: string[] = [];
  const verify = githubTokenVerifier();
  let failures = 0;
  let failureStatus = 503;

  const server = await listenOnLoopback((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const tenant = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname)?.[1];
      const form = Object.fromEntries(
        new URLSearchParams((await readBody(request)).toString('utf8')),
      );
      const answer = (status: number, value: unknown): void => {
        calls.push({ tenant: tenant ?? '', params: form, status });
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify(value));
      };
      const fail = (status: number, error: string, code: number, description: string): void =>
        answer(status, {
          error,
          error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
          error_codes: [code],
          timestamp: new Date().toISOString(),
          trace_id: randomUUID(),
          correlation_id: randomUUID(),
        });
      if (failures > 0) {
        failures -= 1;
        return fail(
          failureStatus,
          'temporarily_unavailable',
          90033,
          'A transient error has occurred. Please try again.',
        );
      }
      if (request.method !== 'POST' || tenant === undefined)
        return answer(404, { error: 'not_found' });
      if (!tenants.has(tenant))
        return fail(
          400,
          'invalid_request',
          90002,
          `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        );
      if (form['grant_type'] !== 'client_credentials')
        return fail(
          400,
          'unsupported_grant_type',
          70003,
          'The app requested an unsupported grant type.',
        );
      if (!/\/\.default$/.test(form['scope'] ?? ''))
        return fail(
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${form['scope'] ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
        );
      const app = apps.get(`${tenant}/${form['client_id'] ?? ''}`);
      if (!app)
        return fail(
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${form['client_id'] ?? ''}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
        );
      if (form['client_assertion_type'] !== ASSERTION_TYPE)
        return fail(400, 'invalid_client', 7000215, 'Invalid client secret provided.');
      const assertion = form['client_assertion'] ?? '';
      const issuers = [...new Set(app.federatedCredentials.map((c) => c.issuer))];
      let claims;
      let rejected: TokenRejected | undefined;
      for (const issuer of issuers) {
        try {
          claims = await verify(assertion, issuer);
          break;
        } catch (error) {
          if (!(error instanceof TokenRejected)) throw error;
          rejected = error;
        }
      }
      if (!claims) {
        if (rejected?.problem === 'expired')
          return fail(
            400,
            'invalid_client',
            700024,
            'Client assertion is not within its valid time range.',
          );
        if (rejected?.problem === 'signature')
          return fail(
            401,
            'invalid_client',
            700027,
            'Client assertion failed signature validation.',
          );
        const unverified = assertion.split('.')[1];
        const iss = unverified
          ? String(
              (JSON.parse(Buffer.from(unverified, 'base64url').toString()) as { iss?: string }).iss,
            )
          : '';
        return fail(
          400,
          'invalid_client',
          700211,
          `No matching federated identity record found for presented assertion issuer '${iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
        );
      }
      const audiences = audiencesOf(claims);
      const match = app.federatedCredentials.find(
        (c) =>
          c.issuer === claims.iss &&
          c.subject === claims.sub &&
          audiences.some((aud) => c.audiences.includes(aud)),
      );
      if (!match)
        return fail(
          400,
          'invalid_client',
          70021,
          `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(claims.iss)}'. Assertion Subject: '${String(claims.sub)}'. Assertion Audience: '${audiences.join(',')}'.`,
        );
      const token = `eyJ0eXAiOiJKV1Qi.${randomBytes(64).toString('base64url')}`;
      issued.push(token);
      answer(200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: token,
      });
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });

  return {
    ...server,
    defineApplication: (app) => {
      tenants.add(app.tenantId);
      apps.set(`${app.tenantId}/${app.clientId}`, app);
    },
    failNext: (count, status) => {
      failures = count;
      failureStatus = status;
    },
    calls,
    issued,
  };
}
