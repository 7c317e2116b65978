/**
 * Stand-in for GitHub Actions' OIDC issuer, on loopback. Speaks the runner protocol the toolkit
 * uses (`GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with `Authorization: Bearer
 * $ACTIONS_ID_TOKEN_REQUEST_TOKEN` → `{"value": "<jwt>"}`), signs real RS256 tokens carrying
 * GitHub's claim set, and serves the discovery document and JWKS like
 * https://token.actions.githubusercontent.com does.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { listenOnLoopback, type LoopbackServer } from './http-server.js';

export interface GitHubClaims {
  sub: string;
  repository: string;
  repository_owner: string;
  repository_owner_id: string;
  repository_id: string;
  repository_visibility: string;
  ref: string;
  ref_type: string;
  ref_protected: string;
  sha: string;
  actor: string;
  actor_id: string;
  workflow: string;
  workflow_ref: string;
  workflow_sha: string;
  job_workflow_ref: string;
  job_workflow_sha: string;
  event_name: string;
  run_id: string;
  run_number: string;
  run_attempt: string;
  runner_environment: string;
  head_ref: string;
  base_ref: string;
  environment?: string;
  [claim: string]: unknown;
}

export function defaultClaims(overrides: Partial<GitHubClaims> = {}): GitHubClaims {
  const repository = overrides.repository ?? 'acme/grape-runner';
  const ref = overrides.ref ?? 'refs/heads/main';
  const owner = repository.split('/')[0]!;
  const workflowRef = `${repository}/.github/workflows/grape-runner.yml@${ref}`;
  return {
    sub: `repo:${repository}:ref:${ref}`,
    repository,
    repository_owner: owner,
    repository_owner_id: '65432',
    repository_id: '123456',
    repository_visibility: 'private',
    ref,
    ref_type: 'branch',
    ref_protected: 'true',
    sha: 'a'.repeat(40),
    actor: 'octocat',
    actor_id: '583231',
    workflow: 'grape-runner',
    workflow_ref: workflowRef,
    workflow_sha: 'a'.repeat(40),
    job_workflow_ref: workflowRef,
    job_workflow_sha: 'a'.repeat(40),
    event_name: 'workflow_dispatch',
    run_id: '9000000001',
    run_number: '7',
    run_attempt: '1',
    runner_environment: 'github-hosted',
    head_ref: '',
    base_ref: '',
    ...overrides,
  };
}

export interface OidcIssuer extends LoopbackServer {
  /** The issuer URL (`iss`), like https://token.actions.githubusercontent.com. */
  readonly issuer: string;
  /** Value for ACTIONS_ID_TOKEN_REQUEST_URL (already carries `?api-version=…`, as the runner's does). */
  readonly requestUrl: string;
  /** Value for ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly requestToken: string;
  readonly jwksUrl: string;
  /** Claims of the tokens handed out from now on. */
  setClaims(claims: GitHubClaims): void;
  /** Signs a token directly (for the dispatcher's report tests, forged/expired tokens, …). */
  sign(claims: Partial<GitHubClaims> & { aud: string }, options?: SignOptions): Promise<string>;
  /** Every token issued through the runner protocol, for leak checks. */
  readonly issued: string[];
  /** Audiences requested through the runner protocol. */
  readonly audiences: string[];
  jwks(): { keys: JWK[] };
}

export interface SignOptions {
  readonly expiresInSeconds?: number;
  readonly issuer?: string;
  /** Seconds added to now for `iat` (negative: issued in the past; positive: in the future). */
  readonly issuedAtOffsetSeconds?: number;
  /** Leave out `exp` (a token that never expires) or `iat`. */
  readonly omit?: readonly ('exp' | 'iat')[];
}

/** `clock`: the time tokens are signed at (a test's manual clock; the wall clock by default). */
export async function startOidcIssuer(clock: () => Date = () => new Date()): Promise<OidcIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(8).toString('hex');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const requestToken = randomBytes(24).toString('base64url');
  let claims = defaultClaims();
  const issued: string[] = [];
  const audiences: string[] = [];
  let issuerUrl = '';

  const sign = async (
    payload: Partial<GitHubClaims> & { aud: string },
    options: SignOptions = {},
  ): Promise<string> => {
    const now = Math.floor(clock().getTime() / 1000);
    const iat = now + (options.issuedAtOffsetSeconds ?? 0);
    const { aud, ...rest } = payload;
    const jwt = new SignJWT({ ...rest })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT', x5t: kid })
      .setJti(randomUUID())
      .setIssuer(options.issuer ?? issuerUrl)
      .setAudience(aud)
      .setSubject(String(payload.sub ?? claims.sub))
      .setNotBefore(Math.min(now, iat) - 5);
    if (!options.omit?.includes('iat')) jwt.setIssuedAt(iat);
    if (!options.omit?.includes('exp'))
      jwt.setExpirationTime(now + (options.expiresInSeconds ?? 300));
    return jwt.sign(privateKey);
  };

  const server = await listenOnLoopback(async (request, response) => {
    const url = new URL(request.url ?? '/', issuerUrl);
    const json = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: issuerUrl,
        jwks_uri: `${issuerUrl}/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        claims_supported: [
          'sub',
          'aud',
          'exp',
          'iat',
          'iss',
          'jti',
          'nbf',
          'ref',
          'repository',
          'repository_id',
          'repository_owner',
          'run_id',
          'run_number',
          'run_attempt',
          'actor',
          'workflow',
          'event_name',
          'ref_type',
          'job_workflow_ref',
          'environment',
        ],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid'],
      });
    }
    if (url.pathname === '/.well-known/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/_apis/distributedtask/token') {
      if (request.headers.authorization !== `Bearer ${requestToken}`) {
        return json(401, { message: 'Bad credentials' });
      }
      const audience = url.searchParams.get('audience') ?? issuerUrl;
      audiences.push(audience);
      const token = await sign({ ...claims, aud: audience });
      issued.push(token);
      return json(200, { count: 1, value: token });
    }
    return json(404, { message: 'Not Found' });
  });
  issuerUrl = server.url;

  return {
    ...server,
    issuer: issuerUrl,
    requestUrl: `${issuerUrl}/_apis/distributedtask/token?api-version=2.0`,
    requestToken,
    jwksUrl: `${issuerUrl}/.well-known/jwks`,
    setClaims: (next) => {
      claims = next;
    },
    sign,
    issued,
    audiences,
    jwks: () => ({ keys: [jwk] }),
  };
}
