/**
 * Where facts are committed: a GitHub repository through the REST API (`facts-repository`), or any
 * git remote (`facts-git-url`: GitLab, Bitbucket, self-hosted, a local bare repository).
 */
import { DEFAULT_GIT_USERNAME } from '../../git/git-env.js';

export type FactsDestination =
  | { readonly kind: 'github'; readonly owner: string; readonly repo: string }
  | {
      readonly kind: 'git';
      /** The remote as git is given it: never carries a credential. */
      readonly url: string;
      readonly transport: 'http' | 'file' | 'ssh';
      /** User name sent with the token in the Basic auth header (http only). */
      readonly username: string;
    };

export { DEFAULT_GIT_USERNAME };

export const REPOSITORY = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

export type GitUrlReading =
  | { readonly ok: true; readonly destination: FactsDestination & { kind: 'git' } }
  | { readonly ok: false; readonly problem: string; readonly showValue: boolean };

/** Reads `facts-git-url`. A URL with a password is refused without echoing it. */
export function readGitUrl(value: string): GitUrlReading {
  const git = (url: string, transport: 'http' | 'file' | 'ssh', username = DEFAULT_GIT_USERNAME) =>
    ({ ok: true, destination: { kind: 'git', url, transport, username } }) as const;
  if (value.startsWith('/')) return git(value, 'file');
  if (/^[\w.-]+@[\w.-]+:/.test(value) && !value.includes('://')) return git(value, 'ssh');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      ok: false,
      showValue: true,
      problem: 'not a git remote URL or absolute path',
    };
  }
  if (url.password !== '')
    return {
      ok: false,
      showValue: false,
      problem:
        'it contains a password. Never put a credential in a URL (it would show in logs and git config); remove it and give the token as `facts-token: ${{ secrets.GITOPS_TOKEN }}`',
    };
  switch (url.protocol) {
    case 'file:':
      return git(value, 'file');
    case 'ssh:':
      return git(value, 'ssh');
    case 'https:':
    case 'http:': {
      const username = decodeURIComponent(url.username) || DEFAULT_GIT_USERNAME;
      url.username = '';
      return git(url.toString(), 'http', username);
    }
    default:
      return { ok: false, showValue: true, problem: `scheme '${url.protocol}' is not supported` };
  }
}

/** Plain http carries the token in clear text: only to this machine. */
export function isLoopbackHttp(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'http:' &&
      ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname.toLowerCase())
    );
  } catch {
    return false;
  }
}
