/**
 * GitHub's OAuth web flow on loopback, for "Sign in with GitHub": the web side
 * (/login/oauth/authorize, /login/oauth/access_token — not in the REST description, so checked
 * here against docs.github.com "Authorizing OAuth apps") and the REST side (GET /user, /user/orgs,
 * /user/teams) served by the contract-checked API stand-in (github-api.ts), so every response the
 * product reads is one GitHub's OpenAPI description allows. The person "at the browser" is
 * `signInAs`: authorize approves at once and redirects back with a single-use code.
 */
import { randomBytes } from 'node:crypto';
import { listenOnLoopback, readBody, type LoopbackServer } from '../http-server.js';
import { githubError, startGitHubApi, type GitHubApi } from './github-api.js';
import { API, simpleUser, WEB } from './github-objects.js';

const TIME = '2026-01-01T00:00:00Z';

export interface OAuthPerson {
  readonly id: number;
  readonly orgs: readonly string[];
  /** [org, team slug] */
  readonly teams: ReadonlyArray<readonly [string, string]>;
}

export interface GitHubOAuth {
  readonly webUrl: string;
  readonly api: GitHubApi;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Login of the person who approves the next authorize request. */
  signInAs: string;
  /** Protocol problems seen on the web side (the API side records its own in api.violations). */
  readonly violations: string[];
  /** Every access token issued (to assert none leaks). */
  readonly issuedTokens: string[];
  close(): Promise<void>;
}

const privateUser = (login: string, id: number) => ({
  ...simpleUser(login, id),
  type: 'User',
  user_view_type: 'private',
  name: login,
  company: null,
  blog: '',
  location: null,
  email: null,
  hireable: null,
  bio: null,
  public_repos: 0,
  public_gists: 0,
  followers: 0,
  following: 0,
  created_at: TIME,
  updated_at: TIME,
  private_gists: 0,
  total_private_repos: 0,
  owned_private_repos: 0,
  disk_usage: 0,
  collaborators: 0,
  two_factor_authentication: true,
});

const organization = (login: string, id: number) => {
  const url = `${API}/orgs/${login}`;
  return {
    login,
    id,
    node_id: `O_${id}`,
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    description: null,
  };
};

const team = (org: string, slug: string, id: number) => ({
  id,
  node_id: `T_${id}`,
  url: `${API}/organizations/${id}/team/${id}`,
  html_url: `${WEB}/orgs/${org}/teams/${slug}`,
  name: slug,
  slug,
  description: null,
  privacy: 'closed',
  notification_setting: 'notifications_enabled',
  permission: 'pull',
  members_url: `${API}/organizations/${id}/team/${id}/members{/member}`,
  repositories_url: `${API}/organizations/${id}/team/${id}/repos`,
  parent: null,
  members_count: 1,
  repos_count: 0,
  created_at: TIME,
  updated_at: TIME,
  type: 'organization',
  organization: {
    ...organization(org, id + 1),
    html_url: `${WEB}/${org}`,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    type: 'Organization',
    created_at: TIME,
    updated_at: TIME,
    archived_at: null,
  },
});

export async function startGitHubOAuth(
  people: Readonly<Record<string, OAuthPerson>>,
): Promise<GitHubOAuth> {
  const api = await startGitHubApi();
  const clientId = `Iv1.${randomBytes(8).toString('hex')}`;
  const clientSecret = randomBytes(20).toString('hex');
  const codes = new Map<string, { login: string; redirectUri: string }>();
  const tokens = new Map<string, string>();
  const violations: string[] = [];
  const issuedTokens: string[] = [];
  const state = { signInAs: Object.keys(people)[0] ?? '' };

  const web: LoopbackServer = await listenOnLoopback(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const q = url.searchParams;
      const redirectUri = q.get('redirect_uri');
      if (q.get('client_id') !== clientId) violations.push('authorize: unknown client_id');
      if (!redirectUri) return void violations.push('authorize: no redirect_uri');
      if (!q.get('state')) violations.push('authorize: no state (CSRF protection of the flow)');
      const code = randomBytes(10).toString('hex');
      codes.set(code, { login: state.signInAs, redirectUri });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      response.writeHead(302, { location: back.toString() });
      return void response.end();
    }
    if (request.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      const raw = (await readBody(request)).toString('utf8');
      const body = String(request.headers['content-type']).includes('json')
        ? (JSON.parse(raw) as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(raw));
      if (!String(request.headers['accept']).includes('application/json'))
        violations.push(
          'access_token: no Accept: application/json (GitHub would answer form-encoded)',
        );
      if (body['client_id'] !== clientId || body['client_secret'] !== clientSecret)
        return json(200, {
          error: 'incorrect_client_credentials',
          error_description: 'The client_id and/or client_secret passed are incorrect.',
        });
      const grant = codes.get(body['code'] ?? '');
      codes.delete(body['code'] ?? '');
      if (!grant || (body['redirect_uri'] && body['redirect_uri'] !== grant.redirectUri))
        return json(200, {
          error: 'bad_verification_code',
          error_description: 'The code passed is incorrect or expired.',
        });
      const token = `gho_${randomBytes(18).toString('hex')}`;
      tokens.set(token, grant.login);
      issuedTokens.push(token);
      return json(200, { access_token: token, token_type: 'bearer', scope: 'read:org' });
    }
    violations.push(`${request.method} ${url.pathname}: not part of GitHub's OAuth web flow`);
    json(404, { message: 'Not Found' });
  });

  const person = (token: string | undefined) => {
    const login = token ? tokens.get(token) : undefined;
    return login ? { login, ...people[login]! } : undefined;
  };
  api.handle('users/get-authenticated', ({ token }) => {
    const p = person(token);
    return p
      ? { status: 200, body: privateUser(p.login, p.id) }
      : githubError(401, 'Bad credentials');
  });
  api.handle('orgs/list-for-authenticated-user', ({ token }) => {
    const p = person(token);
    return p
      ? { status: 200, body: p.orgs.map((o, i) => organization(o, 5000 + i)) }
      : githubError(401, 'Bad credentials');
  });
  api.handle('teams/list-for-authenticated-user', ({ token }) => {
    const p = person(token);
    return p
      ? { status: 200, body: p.teams.map(([o, s], i) => team(o, s, 7000 + i * 2)) }
      : githubError(401, 'Bad credentials');
  });

  return {
    webUrl: web.url,
    api,
    clientId,
    clientSecret,
    get signInAs() {
      return state.signInAs;
    },
    set signInAs(login: string) {
      state.signInAs = login;
    },
    violations,
    issuedTokens,
    close: async () => {
      await Promise.all([web.close(), api.close()]);
    },
  };
}
