/**
 * "Sign in with GitHub": GitHub's OAuth web flow (an OAuth App or a GitHub App's user
 * authorization, both answer the same endpoints). The browser is sent to /login/oauth/authorize
 * with a random `state`; GitHub sends it back with a `code`, which is exchanged for a user token at
 * /login/oauth/access_token; the token is used at once to learn the login, organisations and teams
 * (GET /user, /user/orgs, /user/teams) and then dropped: the console keeps only its own session.
 * Contract: docs.github.com "Authorizing OAuth apps" (web application flow) and the REST
 * description in @octokit/openapi, which the test stand-in enforces.
 */
import type { GitHubIdentity } from './console-members.js';
import type { GitHubOAuthSettings } from './console-settings.js';

export class GitHubSignInError extends Error {
  override readonly name = 'GitHubSignInError';
}

export function authorizeUrl(s: GitHubOAuthSettings, redirectUri: string, state: string): string {
  const url = new URL(`${s.webUrl}/login/oauth/authorize`);
  url.searchParams.set('client_id', s.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  // read:org lets /user/orgs and /user/teams list private memberships too.
  url.searchParams.set('scope', 'read:org');
  url.searchParams.set('state', state);
  url.searchParams.set('allow_signup', 'false');
  return url.toString();
}

async function json(response: Response, what: string): Promise<unknown> {
  if (!response.ok) throw new GitHubSignInError(`GitHub answered ${response.status} to ${what}.`);
  return response.json();
}

/** Exchanges the callback's code and reads who signed in; the user token is not kept. */
export async function identify(
  s: GitHubOAuthSettings,
  code: string,
  redirectUri: string,
  fetchFn: typeof fetch = fetch,
): Promise<GitHubIdentity> {
  const exchanged = (await json(
    await fetchFn(`${s.webUrl}/login/oauth/access_token`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: s.clientId,
        client_secret: s.clientSecret,
        code,
        redirect_uri: redirectUri,
      }),
    }),
    'the code exchange',
  )) as { access_token?: unknown; error?: unknown; error_description?: unknown };
  if (typeof exchanged.access_token !== 'string')
    throw new GitHubSignInError(
      `GitHub refused the sign-in code (${String(exchanged.error ?? 'no access_token')}${exchanged.error_description ? `: ${String(exchanged.error_description)}` : ''}); start the sign-in again.`,
    );
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${exchanged.access_token}`,
    'x-github-api-version': '2022-11-28',
  };
  const get = (path: string) =>
    fetchFn(`${s.apiUrl}${path}`, { headers }).then((r) => json(r, `GET ${path}`));
  const user = (await get('/user')) as { login?: unknown };
  if (typeof user.login !== 'string') throw new GitHubSignInError('GET /user gave no login.');
  const orgs = (await get('/user/orgs?per_page=100')) as Array<{ login: string }>;
  const teams = (await get('/user/teams?per_page=100')) as Array<{
    slug: string;
    organization: { login: string };
  }>;
  return {
    login: user.login,
    orgs: orgs.map((o) => o.login),
    teams: teams.map((t) => `${t.organization.login}/${t.slug}`),
  };
}
