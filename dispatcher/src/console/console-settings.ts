/**
 * The web console's settings, read with the rest of the configuration (config.ts): how long a
 * sign-in link and a session live, and the GitHub OAuth app people sign in with (optional; GHES
 * through the same GITHUB_SERVER_URL / GITHUB_API_URL as the rest).
 */
import type { SettingsReader } from '../config/settings-reader.js';

export interface GitHubOAuthSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where people authorize (github.com or the GHES host): /login/oauth/authorize, /access_token. */
  readonly webUrl: string;
  /** The REST API: /user, /user/orgs, /user/teams. */
  readonly apiUrl: string;
}

export interface ConsoleSettings {
  readonly linkTtlSeconds: number;
  readonly sessionTtlSeconds: number;
  readonly github: GitHubOAuthSettings | undefined;
}

export const DEFAULT_CONSOLE: ConsoleSettings = {
  linkTtlSeconds: 600,
  sessionTtlSeconds: 8 * 3600,
  github: undefined,
};

export function readConsoleSettings(settings: SettingsReader): ConsoleSettings {
  const { get, url, int, bad } = settings;
  const clientId = get('GRAPE_GITHUB_OAUTH_CLIENT_ID');
  const clientSecret = get('GRAPE_GITHUB_OAUTH_CLIENT_SECRET');
  if ((clientId === undefined) !== (clientSecret === undefined))
    bad(
      clientId === undefined ? 'GRAPE_GITHUB_OAUTH_CLIENT_ID' : 'GRAPE_GITHUB_OAUTH_CLIENT_SECRET',
      undefined,
      'missing while its pair is set',
      'Set both GRAPE_GITHUB_OAUTH_CLIENT_ID and GRAPE_GITHUB_OAUTH_CLIENT_SECRET (from the OAuth or GitHub App settings page), or neither.',
    );
  const webUrl = url('GITHUB_SERVER_URL', 'https://github.com');
  const apiUrl = url('GITHUB_API_URL', 'https://api.github.com');
  return {
    linkTtlSeconds: int('GRAPE_CONSOLE_LINK_TTL_SECONDS', DEFAULT_CONSOLE.linkTtlSeconds, 30, 3600),
    sessionTtlSeconds: int(
      'GRAPE_CONSOLE_SESSION_TTL_SECONDS',
      DEFAULT_CONSOLE.sessionTtlSeconds,
      300,
      7 * 86400,
    ),
    github:
      clientId && clientSecret && webUrl && apiUrl
        ? { clientId, clientSecret, webUrl, apiUrl }
        : undefined,
  };
}
